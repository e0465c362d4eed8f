// The console's menu, in order. An area whose widget is not released yet says so plainly.
import overview from './overview.js';
import retention from './retention.js';
import abtest from './abtest.js';
import lottery from './lottery.js';
import funnel from './funnel.js';
import coupon from './coupon.js';
import { notYetAvailable } from './not-yet.js';

export const pages = [
  overview,
  notYetAvailable('segments', '用户分层', 'User segments'),
  funnel,
  retention,
  abtest,
  lottery,
  coupon,
];
