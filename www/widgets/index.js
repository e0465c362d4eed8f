// Registers every yunying widget. Importing this module is its side effect:
//   import 'yunying/widgets';
export { YYElement, h, format } from './base.js';
export { YYOverview } from './overview.js';
export { YYAbTest } from './ab-test.js';
export { YYSampleSize } from './sample-size.js';
export { YYSegments } from './segments.js';
export { YYRfm } from './rfm.js';
