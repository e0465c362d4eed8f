// 优惠券: a checkout preview on sample carts (the best coupon pick, reasons, apportionment) and
// a 满减 campaign designer whose what-if runs over the loaded log's pay amounts.
import { sampleCarts } from '../sample-carts.js';

export default {
  id: 'coupon',
  title: { 'zh-CN': '优惠券', en: 'Coupons' },
  available: true,
  mount(container, { log, lang }) {
    const en = lang === 'en';
    const title = document.createElement('h1');
    title.className = 'page-title';
    title.textContent = en ? 'Coupons & promotions' : '优惠券与促销';
    const desc = document.createElement('p');
    desc.className = 'page-desc';
    desc.textContent = en
      ? 'What a cart pays with the best coupon combination, to the fen, and what a campaign would cost over the loaded orders.'
      : '精确到分：购物车的最优用券组合、每笔优惠的分摊，以及满减活动在当前订单数据上的成本预估。';

    const picker = document.createElement('div');
    picker.className = 'cart-picker';
    picker.setAttribute('role', 'radiogroup');
    picker.setAttribute('aria-label', en ? 'Sample cart' : '示例购物车');
    picker.style.cssText = 'display:flex;gap:8px;margin-bottom:12px;flex-wrap:wrap';
    const checkout = document.createElement('yy-checkout');
    checkout.setAttribute('lang', lang);
    const choose = (sample) => {
      checkout.data = sample.cart;
      for (const b of picker.children) {
        const on = b.dataset.cart === sample.id;
        b.setAttribute('aria-checked', String(on));
        b.style.color = on ? '#1677ff' : '';
        b.style.borderColor = on ? '#1677ff' : '';
      }
    };
    for (const sample of sampleCarts) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'btn';
      button.dataset.cart = sample.id;
      button.setAttribute('role', 'radio');
      button.textContent = sample.title[lang] ?? sample.title['zh-CN'];
      button.addEventListener('click', () => choose(sample));
      picker.append(button);
    }
    choose(sampleCarts[0]);

    const designerPanel = document.createElement('section');
    designerPanel.className = 'panel';
    const designerTitle = document.createElement('h3');
    designerTitle.textContent = en ? 'Campaign what-if over the pay events of the loaded data' : '活动预估：基于当前数据的支付订单';
    const designer = document.createElement('yy-promo-designer');
    designer.setAttribute('lang', lang);
    designer.setAttribute('event', 'pay');
    designer.setAttribute('prop', 'amount');
    designer.data = log;
    designerPanel.append(designerTitle, designer);

    container.append(title, desc, picker, checkout, designerPanel);
  },
};
