// The console's menu, in order. An area whose widget is not released yet says so plainly.
import overview from './overview.js';
import abtest from './abtest.js';
import segments from './segments.js';
import { notYetAvailable } from './not-yet.js';

export const pages = [
  overview,
  segments,
  notYetAvailable('funnel', '漏斗分析', 'Funnels'),
  notYetAvailable('retention', '留存分析', 'Retention'),
  abtest,
  notYetAvailable('lottery', '抽奖活动', 'Lottery'),
  notYetAvailable('coupon', '优惠券', 'Coupons'),
];
