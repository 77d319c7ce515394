// The fuzzing executable: libFuzzer's main (from -sanitize=fuzzer) and the callbacks that
// libFuzzChecks.so exports. Nothing else is needed here; fuzz.sh links it.
