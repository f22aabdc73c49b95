#!/usr/bin/env bash
# The whole exchange from one process (issue 13's benchmark, BENCHMARKS.md): the fake exchange lists SYMBOLS
# synthetic TRADING symbols trading RATE trades/s in total; the shaded jar, with -Xmx1g, streams the trades and 1m
# klines of every one of them (binance.trade.symbols=* and binance.kline.symbols=*) on shared connections of
# MAX_STREAMS streams. Every 10 s it prints the streams STREAMING, live threads, RSS, the jar's CPU (cores), the gaps
# filled so far and the MB of SBE files written; at the end the per-thread CPU of the second half, the heap after a
# full GC, what the exchange saw (the peak REST weight used in a minute against Binance's 6,000, REST requests
# rejected, connection attempts refused, frames dropped for the message rate) and a check of every trade file: ids
# consecutive per symbol, each once, and each trade's price and quantity exactly the exchange's.
#
#   mvn -B -q package -DskipTests && src/jmh/sh/whole-exchange.sh            # defaults below
#   SYMBOLS=1500 RATE=3000 MAX_STREAMS=200 SECONDS_RUN=180 src/jmh/sh/whole-exchange.sh
#   EXCHANGE_EXTRA="--reset-all-at 60 --market-trades-on" SECONDS_RUN=1080 ...  # every connection reset at once at
#       60 s; trades due while a stream is not connected are served over REST only
#   EXCHANGE_EXTRA="--reset-after 20000" ...   # the exchange drops every connection after 20,000 frames
set -euo pipefail

JAR=${JAR:-target/binance-data-integration.jar}
SYMBOLS=${SYMBOLS:-1500}
RATE=${RATE:-3000}
MAX_STREAMS=${MAX_STREAMS:-200}
SECONDS_RUN=${SECONDS_RUN:-180}
PORT=${PORT:-18092}
OUT=${OUT:-target/whole-exchange}
DATA=$OUT/data

rm -rf "$OUT" && mkdir -p "$OUT"
java -jar "$JAR" simulate --port "$PORT" --synthetic "$SYMBOLS:$((SYMBOLS * 2))" --rate "$RATE" ${EXCHANGE_EXTRA:-} \
  > "$OUT/exchange.log" 2>&1 &
EXCHANGE=$!
trap 'kill $EXCHANGE 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$PORT/api/v3/ping" && break; sleep 0.5; done

java -Xmx1g -Dbinance.ws-url="ws://127.0.0.1:$PORT" -Dbinance.rest-url="http://127.0.0.1:$PORT" \
     -Dbinance.trade.symbols='*' -Dbinance.kline.symbols='*' -Dbinance.kline.intervals=1m \
     -Dbinance.connection.max-streams="$MAX_STREAMS" -Dbinance.file.dir="$DATA" ${JAVA_EXTRA:-} \
     -jar "$JAR" > "$OUT/jar.log" 2>&1 &
JAR_PID=$!
HZ=$(getconf CLK_TCK)
START=$(date +%s)
ticks() { awk '{print $14 + $15}' "/proc/$JAR_PID/stat"; }
threads_cpu() { # per thread name: CPU ticks so far
  for task in /proc/"$JAR_PID"/task/*; do
    echo "$(tr ' ' '_' < "$task/comm" | sed 's/[0-9#-]*$//') $(awk '{print $14 + $15}' "$task/stat")"
  done 2>/dev/null | awk '{t[$1] += $2} END {for (n in t) print n, t[n]}'
}
before=$(ticks); at=$START
echo "after_s streaming threads rss_mb cpu_cores gaps_filled written_mb"
while [ $(($(date +%s) - START)) -lt "$SECONDS_RUN" ]; do
  sleep 10
  now=$(date +%s); t=$(ticks)
  streaming=$(curl -s 'http://127.0.0.1:8080/streams?state=STREAMING&limit=1' | grep -o '"total":[0-9]*' | cut -d: -f2)
  echo "$((now - START)) ${streaming:-?} $(awk '/^Threads/ {print $2}' "/proc/$JAR_PID/status") \
$(awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$JAR_PID/status") $(echo "scale=2; ($t - $before) / $HZ / ($now - $at)" | bc) \
$(grep -c 'gap of .* filled' "$OUT/jar.log" || true) $(du -sm "$DATA" 2>/dev/null | cut -f1)"
  before=$t; at=$now
  [ $((now - START)) -ge $((SECONDS_RUN / 2)) ] && [ ! -f "$OUT/threads-half" ] && threads_cpu > "$OUT/threads-half" \
    && date +%s > "$OUT/half-at"
done
threads_cpu > "$OUT/threads-end"
span=$(($(date +%s) - $(cat "$OUT/half-at")))
echo "CPU per thread over the last ${span} s (cores):"
join <(sort "$OUT/threads-half") <(sort "$OUT/threads-end") \
  | awk -v hz="$HZ" -v s="$span" '{c = ($3 - $2) / hz / s; if (c >= 0.005) printf "  %-28s %.3f\n", $1, c}' | sort -k2 -rn
jcmd "$JAR_PID" GC.run > /dev/null && sleep 2
echo "Heap after a full GC: $(jcmd "$JAR_PID" GC.heap_info | awk '/garbage-first heap/ {print $6, "of", $4}')"
kill "$JAR_PID" && wait "$JAR_PID" || true
echo "Shutdown: $(grep -o 'shutdown in [^ ]*' "$OUT/jar.log" | tail -1)"
echo "Jar log: $(grep -c 'NOT filled' "$OUT/jar.log" || true) gaps NOT filled, $(grep -c 'stopping before its gap' \
"$OUT/jar.log" || true) streams stopped before their gap, $(grep -c 'HTTP 429\|HTTP 418' "$OUT/jar.log" || true) 429/418"
kill "$EXCHANGE" && wait "$EXCHANGE" || true
grep -o 'Reset all [0-9]* connections at once' "$OUT/exchange.log" || true
echo "Exchange: $(grep -o 'reset=[0-9]*\|droppedForMessageRate=[0-9]*\|attemptsRefused=[0-9]*\|restRejected=[0-9]*\|peakRestWeightPerMinute=[0-9]*' \
"$OUT/exchange.log" | tr '\n' ' ')"

java -jar "$JAR" decode --format=csv "$DATA"/trade/*/*.sbe > "$OUT/trades.csv"
awk -F, 'NR > 1 { s = $9; id = $4; n[s]++; if (s in last && id != last[s] + 1) { bad++; if (bad < 5) print "  NOT CONSECUTIVE", s, last[s], id }
  last[s] = id; if ($8 != "LIVE") back++ }
  END { for (s in n) { syms++; total += n[s] }
        printf "Trade files: %d symbols, %d trades, %d not consecutive, %d backfilled\n", syms, total, bad, back }' "$OUT/trades.csv"
# every synthetic symbol's trade k is the bundled BTCUSDT tape's trade k: same id, price and quantity
unzip -p "$JAR" fake/trades-btcusdt-20240808-first3000.jsonl.gz | gunzip \
  | sed -E 's/.*"t":([0-9]+),"p":"([^"]*)","q":"([^"]*)".*/\1,\2,\3/' > "$OUT/expected.csv"
awk -F, 'function norm(x) { if (x ~ /\./) { sub(/0+$/, "", x); sub(/\.$/, "", x) } return x }
  NR == FNR { p[$1] = norm($2); q[$1] = norm($3); next }
  FNR > 1 { if (!($4 in p)) unknown++; else if (norm($5) != p[$4] || norm($6) != q[$4]) { wrong++
              if (wrong < 5) print "  NOT EXACT", $9, $4, $5, $6 } else exact++ }
  END { printf "Prices and quantities: %d exact, %d not, %d ids not in the tape\n", exact, wrong, unknown }' \
  "$OUT/expected.csv" "$OUT/trades.csv"
