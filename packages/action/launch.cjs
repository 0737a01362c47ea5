// The action's entry, as the runner starts it (`node packages/action/launch.cjs`, action.yml's
// `runs.main`). It starts node again with a larger initial heap to run the program, the ncc bundle
// in dist/, as the CLI does (on the runner's node24 the new node replaces this process): the
// launcher is the CLI's, and launch-with-heap-floor.cjs says why. An action runs from a checkout
// of this repository, where that file is.
const { launchWithHeapFloor } = require("../cli/bin/launch-with-heap-floor.cjs");

launchWithHeapFloor(__filename, () => import("./dist/index.js"));
