// The demo campaign's prize pool (plain data, also read by the e2e test).

/** A small prize picture as an SVG data URL (the demo has no image files). */
function picture(label, colour) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect x="4" y="4" width="56" height="56" rx="14" fill="${colour}"/><text x="32" y="40" font-size="${label.length > 3 ? 14 : 18}" font-family="sans-serif" font-weight="700" fill="#fff" text-anchor="middle">${label}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export function demoPool(lang) {
  const zh = lang !== 'en';
  const prize = (id, zhName, enName, weight, value, extra = {}, pic) => ({ id, name: zh ? zhName : enName, weight, value, ...(pic ? { image: picture(...pic) } : {}), ...extra });
  return {
    prizes: [
      prize('iphone', 'iPhone 16', 'iPhone 16', 1, 599900, { stock: 2 }, ['i16', '#1677ff']),
      prize('airpods', 'AirPods', 'AirPods', 4, 129900, { stock: 5 }, ['Pods', '#13c2c2']),
      prize('coupon100', '100元券', '¥100 coupon', 20, 10000, { stock: 50 }, ['¥100', '#f5222d']),
      prize('vip', '7天会员', '7-day VIP', 75, 1500, {}, ['VIP', '#722ed1']),
      prize('coupon10', '10元券', '¥10 coupon', 150, 1000, {}, ['¥10', '#fa541c']),
      prize('redpacket', '1元红包', '¥1 red packet', 200, 100, {}, ['¥1', '#eb2f96']),
      prize('points', '50积分', '50 points', 250, 50, {}, ['50', '#faad14']),
      prize('thanks', '谢谢参与', 'Thanks', 300, 0, {}, ['☺', '#8c8c8c']),
    ],
    soldOut: 'fallback',
    fallbackId: 'thanks',
    pity: { every: 10, prizeIds: ['iphone', 'airpods', 'coupon100', 'vip', 'coupon10'] },
  };
}
