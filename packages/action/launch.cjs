// The action's entry, as the runner starts it (`node packages/action/launch.cjs`, action.yml's
// `runs.main`). The program, the ncc bundle in dist/, runs in a child node with a larger initial
// heap, as the CLI does: the launcher is the CLI's, and launch-with-heap-floor.cjs says why. An
// action runs from a checkout of this repository, where that file is.
const { launchWithHeapFloor } = require("../cli/bin/launch-with-heap-floor.cjs");

launchWithHeapFloor(__filename, () => import("./dist/index.js"));
