'use strict';
// Preloaded (node -r) into a profiled server: exit normally on SIGINT/SIGTERM, so that
// --cpu-prof writes its profile even for a server that installs no signal handler (the floor).
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(0));
