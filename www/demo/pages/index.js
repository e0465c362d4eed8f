// The console's menu, in order. An area whose widget is not released yet says so plainly.
import overview from './overview.js';
import retention from './retention.js';
import abtest from './abtest.js';
import { notYetAvailable } from './not-yet.js';

export const pages = [
  overview,
  notYetAvailable('segments', '用户分层', 'User segments'),
  notYetAvailable('funnel', '漏斗分析', 'Funnels'),
  retention,
  abtest,
  notYetAvailable('lottery', '抽奖活动', 'Lottery'),
  notYetAvailable('coupon', '优惠券', 'Coupons'),
];
