// The heap of the worker thread the editor's spec engine runs in (src/vscode/gatewaySpec/worker.ts), and of the
// bench that measures it (test/bench/validate.bench.ts): one setting, so what the bench reports is what the editor
// gets. Nothing else is in this file, so that the extension's start-up bundle can read it without the engine.
//
// Why a larger young generation: validating a spec builds a syntax tree that lives until the diagnostics are out —
// about 26 MB allocated for a 3,000-route YAML spec (1 MB), 10 MB for its JSON. With V8's default 16 MB semi-space,
// every validation of such a spec runs one or two scavenges, and each copies the tree built so far: 5–12 ms apiece,
// 40% of the YAML path's time. With 64 MB semi-spaces a validation usually completes between scavenges, when its
// tree is already garbage. Measured in a worker (3,000 routes, median of 40): YAML 59 → 31 ms, JSON unchanged; a
// 300-route spec never grows the young generation past its 17 MB start, so only large specs use the room (the
// worker's resident memory with a 3,000-route YAML spec: 133 → 230 MB).
/** `resourceLimits` of the spec worker: 192 MB of young generation is V8's 64 MB semi-space (three of them). */
export const SPEC_ENGINE_RESOURCE_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 192 });
