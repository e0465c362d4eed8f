// Sample carts for the 优惠券 page (and its e2e test): a 双11 cross-store cart with store and
// platform coupons, a small order just under a threshold, and a member's repeat purchase.
const NOW_MS = Date.UTC(2025, 10, 11, 4); // 2025-11-11 12:00 Beijing
const DAY_MS = 86_400_000;

const store = (s) => ({ type: 'store', store: s });

export const sampleCarts = [
  {
    id: 'double11',
    title: { 'zh-CN': '双11 跨店购物车', en: 'Double 11 cross-store cart' },
    cart: {
      nowMs: NOW_MS,
      shippingFen: 1200,
      lines: [
        { lineId: 'L1', sku: '轻薄羽绒服', category: '服饰', store: '优衣库旗舰店', unitPriceFen: 39900, quantity: 1 },
        { lineId: 'L2', sku: '保暖内衣', category: '服饰', store: '优衣库旗舰店', unitPriceFen: 7990, quantity: 2 },
        { lineId: 'L3', sku: '坚果礼盒', category: '食品', store: '三只松鼠', unitPriceFen: 12800, quantity: 1 },
        { lineId: 'L4', sku: '芒果干', category: '食品', store: '三只松鼠', unitPriceFen: 1990, quantity: 3 },
        { lineId: 'L5', sku: '充电宝', category: '数码', store: '小米之家', unitPriceFen: 14900, quantity: 1 },
      ],
      promotions: [
        { id: 'cross', name: '跨店每满300减50', rule: { kind: 'everyReduction', everyFen: 30000, offFen: 5000 }, scope: { type: 'platform' } },
        { id: 'ship', name: '满99包邮', rule: { kind: 'freeShipping', thresholdFen: 9900 } },
      ],
      coupons: [
        { id: 'U1', rule: { kind: 'fullReduction', thresholdFen: 40000, offFen: 4000 }, scope: store('优衣库旗舰店') },
        { id: 'U2', rule: { kind: 'fullReduction', thresholdFen: 50000, offFen: 6000 }, scope: store('优衣库旗舰店') },
        { id: 'S1', rule: { kind: 'fullReduction', thresholdFen: 20000, offFen: 2500 }, scope: store('三只松鼠') },
        { id: 'S2', rule: { kind: 'noThreshold', offFen: 500 }, scope: store('三只松鼠') },
        { id: 'M1', rule: { kind: 'fullReduction', thresholdFen: 19900, offFen: 2000 }, scope: store('小米之家') },
        { id: 'P1', name: '平台券 满800减80', rule: { kind: 'fullReduction', thresholdFen: 80000, offFen: 8000 } },
        { id: 'P2', name: '平台券 9.5折', rule: { kind: 'percentage', percentOff: 5, capFen: 3000 } },
        { id: 'P3', name: '平台券 满1000减100', rule: { kind: 'fullReduction', thresholdFen: 100000, offFen: 10000 } },
        { id: 'X1', name: '新人专享 无门槛120（不可叠加）', rule: { kind: 'noThreshold', offFen: 12000 }, stackable: false },
        { id: 'E1', name: '国庆券 满100减50', rule: { kind: 'fullReduction', thresholdFen: 10000, offFen: 5000 }, validUntilMs: NOW_MS - 30 * DAY_MS },
      ],
    },
  },
  {
    id: 'almost',
    title: { 'zh-CN': '差一点满100', en: 'Just under ¥100' },
    cart: {
      nowMs: NOW_MS,
      shippingFen: 800,
      lines: [
        { lineId: 'A1', sku: '洗衣凝珠', category: '日用', store: '蓝月亮', unitPriceFen: 4990, quantity: 1 },
        { lineId: 'A2', sku: '洗手液', category: '日用', store: '蓝月亮', unitPriceFen: 2480, quantity: 2 },
      ],
      promotions: [{ id: 'ship', name: '满99包邮', rule: { kind: 'freeShipping', thresholdFen: 9900 } }],
      coupons: [
        { id: 'B1', rule: { kind: 'fullReduction', thresholdFen: 10000, offFen: 1500 }, scope: store('蓝月亮') },
        { id: 'B2', rule: { kind: 'noThreshold', offFen: 300 }, scope: store('蓝月亮') },
        { id: 'B3', name: '平台 满99减10', rule: { kind: 'fullReduction', thresholdFen: 9900, offFen: 1000 }, thresholdBasis: 'running' },
      ],
    },
  },
  {
    id: 'member',
    title: { 'zh-CN': '会员复购', en: 'Member repeat order' },
    cart: {
      nowMs: NOW_MS,
      member: { spendFen: 156000 },
      lines: [
        { lineId: 'C1', sku: '咖啡豆', category: '食品', store: '自营', unitPriceFen: 8800, quantity: 2 },
        { lineId: 'C2', sku: '挂耳咖啡', category: '食品', store: '自营', unitPriceFen: 3900, quantity: 1 },
        { lineId: 'C3', sku: '手冲壶', category: '器具', store: '自营', unitPriceFen: 15900, quantity: 1 },
      ],
      promotions: [
        { id: 'half', rule: { kind: 'multiBuy', groupSize: 2, discountedUnits: 1, percentOff: 50 }, scope: { type: 'skus', skus: ['咖啡豆'] } },
        { id: 'vip', name: '满1000升VIP享9折', rule: { kind: 'memberDiscount', tiers: [{ name: 'VIP', minSpendFen: 100000, percentOff: 10 }] } },
      ],
      coupons: [
        { id: 'K1', rule: { kind: 'fullReduction', thresholdFen: 20000, offFen: 2000 }, scope: store('自营') },
        { id: 'K2', name: '器具券 8折', rule: { kind: 'percentage', percentOff: 20, capFen: 5000 }, scope: { type: 'categories', categories: ['器具'], store: '自营' } },
      ],
    },
  },
];
