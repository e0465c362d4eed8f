// Registers every yunying widget. Importing this module is its side effect:
//   import 'yunying/widgets';
export { YYElement, h, format } from './base.js';
export { YYOverview } from './overview.js';
export { YYRetention } from './retention.js';
export { YYLifecycle } from './lifecycle.js';
export { YYAbTest } from './ab-test.js';
export { YYSampleSize } from './sample-size.js';
