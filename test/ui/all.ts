// The UI tier in one process: the files share one code-server, one Chromium and one local AWS test service
// (test/support/uiSession.ts), each in a window of its own. `npm test` runs this file; each file also runs alone.
import './call.test';
import './deploy.test';
import './explorer.test';
import './local.test';
import './metrics.test';
import './promote.test';
import './spec.test';
import './tail.test';
import './workbench.test';
