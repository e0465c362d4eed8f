// The console's menu, in order. An area whose widget is not released yet says so plainly.
import overview from './overview.js';
import segments from './segments.js';
import funnel from './funnel.js';
import retention from './retention.js';
import abtest from './abtest.js';
import lottery from './lottery.js';
import coupon from './coupon.js';

export const pages = [overview, segments, funnel, retention, abtest, lottery, coupon];
