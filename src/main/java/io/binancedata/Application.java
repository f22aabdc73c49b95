package io.binancedata;

public final class Application {
    public static void main(String[] args) {
    }
}
