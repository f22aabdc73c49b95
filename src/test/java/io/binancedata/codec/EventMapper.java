package io.binancedata.codec;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Builds the strict {@link ObjectMapper} that reads Binance payloads into {@link TradeEvent} and
 * {@link KlineEvent}; give it to camel-jackson so routes unmarshal with the same rules as the tests.
 * <ul>
 *   <li>unknown properties are ignored (Binance adds fields, e.g. {@code M}, {@code B}, the old {@code b} and
 *       {@code a});</li>
 *   <li>every mapped property is required and must not be null: no silent 0, false or "now";</li>
 *   <li>no type coercion: ids and times must be JSON integers (not {@code "123"}, not {@code 1.5}), booleans
 *       JSON booleans (not {@code 1}, not {@code "true"}), decimals JSON strings (not {@code 61837.63},
 *       which a double could already have rounded);</li>
 *   <li>duplicate keys and trailing content after the object are errors.</li>
 * </ul>
 * Jackson reads the JSON document {@code null} as a {@code null} event whatever the configuration; the
 * encoders reject a {@code null} event with {@link InvalidFieldException}.
 * The mapper is thread-safe once built; create one per application.
 */
public final class EventMapper {
    private EventMapper() {
    }

    /**
     * @return a new strictly configured mapper.
     */
    public static ObjectMapper create() {
        return JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfigDefaults(config -> config
                .setAcceptBlankAsEmpty(Boolean.FALSE)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, config -> config
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, config -> config
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();
    }
}
