// Registers every yunying widget. Importing this module is its side effect:
//   import 'yunying/widgets';
export { YYElement, h, format, parseYuan } from './base.js';
export { YYOverview } from './overview.js';
export { YYRetention } from './retention.js';
export { YYLifecycle } from './lifecycle.js';
export { YYAbTest } from './ab-test.js';
export { YYSampleSize } from './sample-size.js';
export { YYLuckyWheel } from './lucky-wheel.js';
export { YYLuckyGrid } from './lucky-grid.js';
export { YYLuckySlot } from './lucky-slot.js';
export { YYLotteryDesigner } from './lottery-designer.js';
export { YYFunnel } from './funnel.js';
export { YYCheckout } from './checkout.js';
export { YYPromoDesigner } from './promo-designer.js';
export { YYSegments } from './segments.js';
export { YYRfm } from './rfm.js';
