// <yy-checkout>: a cart preview — lines, the shopper's coupons with the best combination
// highlighted, why the others cannot be used ("再买 ¥12.00 可用"), the per-line apportionment of
// every discount, and the payable total. Everything is priced in wasm (bestCoupons / priceCart).
//
//   <yy-checkout lang="zh-CN"></yy-checkout>
//   el.data = { lines, promotions, coupons, member, shippingFen, nowMs };  // a CartInput
//   el.addEventListener('yy-result', (e) => e.detail)  // { priced, best, selection: 'best' | string[] }
//
// Clicking a coupon (or Space/Enter on it) adds it to or removes it from the selection, and the
// cart is priced again with exactly those coupons; "恢复最优" goes back to the best pick.
import { YYElement, h, format, define } from './base.js';
import { bestCoupons, priceCart } from '../index.js';
import { describeReason, faceValue, offerName, scopeText } from './coupon-text.js';

const messages = {
  'zh-CN': {
    title: '结算预览', lines: '商品', store: '店铺', unitPrice: '单价', quantity: '数量', subtotal: '小计',
    coupons: '优惠券', usable: '可用优惠券', unusable: '不可用优惠券', best: '最优', chosen: '已选', save: '省 {amount}',
    reset: '恢复最优组合', manual: '手动选择：优惠券按所选组合计算', bestNote: '已自动选择最优组合（比较 {count} 种组合）',
    apportion: '优惠分摊明细', list: '原价', pay: '实付', total: '合计',
    goods: '商品总额', discount: '优惠', shipping: '运费', shippingOff: '运费减免', payable: '应付金额',
    promotions: '店铺/平台活动', none: '无', alternatives: '其他组合', altRow: '{ids}：应付 {amount}', noCoupon: '不用券',
    took: '本单减 {amount}', empty: '请提供购物车数据', applied: '已享 {count} 项优惠，共省 {amount}',
  },
  en: {
    title: 'Checkout preview', lines: 'Item', store: 'Store', unitPrice: 'Unit price', quantity: 'Qty', subtotal: 'Subtotal',
    coupons: 'Coupons', usable: 'Usable coupons', unusable: 'Unusable coupons', best: 'Best', chosen: 'Chosen', save: 'Save {amount}',
    reset: 'Back to the best pick', manual: 'Manual pick: priced with the coupons you chose', bestNote: 'Best combination picked automatically ({count} combinations compared)',
    apportion: 'How each discount is split', list: 'List', pay: 'Pays', total: 'Total',
    goods: 'Items', discount: 'Discounts', shipping: 'Shipping', shippingOff: 'Shipping waived', payable: 'To pay',
    promotions: 'Promotions', none: 'None', alternatives: 'Other combinations', altRow: '{ids}: pays {amount}', noCoupon: 'no coupon',
    took: '{amount} off this order', empty: 'Give the widget a cart', applied: '{count} offers applied, saving {amount}',
  },
};

class YYCheckout extends YYElement {
  static messages = messages;
  static styles = `
    .grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 16px; align-items: start; }
    @media (max-width: 960px) { .grid { grid-template-columns: 1fr; } }
    .yy-card + .yy-card { margin-top: 16px; }
    .scroll { overflow-x: auto; }
    .coupon { display: flex; width: 100%; text-align: left; gap: 12px; align-items: stretch; margin: 0 0 8px; padding: 0; border: 1px solid var(--yy-border); border-radius: var(--yy-radius); background: var(--yy-bg); font: inherit; color: inherit; cursor: pointer; overflow: hidden; }
    .coupon:hover { border-color: var(--yy-primary); }
    .coupon:focus-visible { outline: 2px solid var(--yy-primary); outline-offset: 1px; }
    .coupon .amount { flex: none; width: 92px; display: grid; place-items: center; background: #fff1f0; color: var(--yy-danger); font-weight: 600; font-size: 16px; border-right: 1px dashed #ffccc7; padding: 8px 4px; }
    .coupon .body { flex: 1; padding: 8px 12px 8px 0; min-width: 0; }
    .coupon .name { font-weight: 500; }
    .coupon .meta { color: var(--yy-text-secondary); font-size: 12px; }
    .coupon .took { color: var(--yy-danger); font-size: 12px; margin-left: 8px; }
    .coupon[aria-checked='true'] { border-color: var(--yy-danger); box-shadow: 0 0 0 1px var(--yy-danger) inset; }
    .coupon .tick { flex: none; align-self: center; margin-right: 12px; width: 18px; height: 18px; border-radius: 50%; border: 1px solid var(--yy-border); display: grid; place-items: center; color: #fff; font-size: 12px; }
    .coupon[aria-checked='true'] .tick { background: var(--yy-danger); border-color: var(--yy-danger); }
    .tag { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 4px; font-size: 12px; line-height: 20px; background: var(--yy-danger); color: #fff; font-weight: 400; }
    .coupon.unusable { cursor: default; opacity: 0.75; background: var(--yy-bg-subtle); }
    .coupon.unusable .amount { background: #f5f5f5; color: var(--yy-text-secondary); border-right-color: var(--yy-border); }
    .coupon.unusable .reason { color: var(--yy-warning); color: #d46b08; font-size: 12px; }
    h4 { margin: 12px 0 8px; font-size: 14px; font-weight: 600; }
    .note { margin: 0 0 8px; }
    .summary dl { display: grid; grid-template-columns: 1fr auto; gap: 6px 12px; margin: 0; }
    .summary dt { color: var(--yy-text-secondary); }
    .summary dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
    .summary .minus { color: var(--yy-danger); }
    .payable { display: flex; justify-content: space-between; align-items: baseline; margin-top: 12px; padding-top: 12px; border-top: 1px solid var(--yy-border); }
    .payable .value { font-size: 24px; font-weight: 600; color: var(--yy-danger); font-variant-numeric: tabular-nums; }
    .yy-table td.share { color: var(--yy-danger); }
    .yy-table tfoot td { font-weight: 600; background: var(--yy-bg-subtle); }
    .alts { margin: 0; padding-left: 18px; color: var(--yy-text-secondary); }
    .promo { display: flex; justify-content: space-between; gap: 8px; font-size: 13px; margin-bottom: 4px; }
  `;

  /** null: the best pick; otherwise the coupon ids the user chose. */
  #selection = null;
  #focusId = null;

  render() {
    const cart = this.data;
    const lang = this.locale;
    if (!cart) return h('div', { class: 'yy-card yy-loading' }, this.t('empty'));
    const best = bestCoupons(cart);
    const chosen = this.#selection;
    const priced = chosen === null ? best.best : priceCart({ ...cart, coupons: (cart.coupons ?? []).filter((c) => chosen.includes(c.id)) });
    this.emit('yy-result', { priced, best, selection: chosen === null ? 'best' : [...chosen] });

    const names = new Map([...(cart.promotions ?? []), ...(cart.coupons ?? [])].map((o) => [o.id, offerName(o, lang)]));
    const result = h('div', { class: 'grid' },
      h('div', {}, this.#linesCard(priced, lang), this.#apportionCard(priced, names, lang)),
      h('div', {}, this.#couponsCard(cart, best, priced, names, lang), this.#summaryCard(priced, best, names, lang)));
    if (this.#focusId !== null) {
      const id = this.#focusId;
      this.#focusId = null;
      requestAnimationFrame(() => this.shadowRoot.querySelector(`[data-coupon="${CSS.escape(id)}"]`)?.focus());
    }
    return h('section', { 'aria-label': this.t('title') }, result);
  }

  #linesCard(priced, lang) {
    return h('div', { class: 'yy-card' },
      h('h3', { class: 'yy-title' }, this.t('lines')),
      h('div', { class: 'scroll' },
        h('table', { class: 'yy-table lines' },
          h('thead', {}, h('tr', {},
            h('th', {}, this.t('lines')), h('th', {}, this.t('store')),
            h('th', { class: 'num' }, this.t('unitPrice')), h('th', { class: 'num' }, this.t('quantity')), h('th', { class: 'num' }, this.t('subtotal')))),
          h('tbody', {}, priced.lines.map((l) => h('tr', {},
            h('td', {}, l.sku), h('td', {}, l.store),
            h('td', { class: 'num' }, format.yuan(l.unitPriceFen, lang)), h('td', { class: 'num' }, format.integer(l.quantity, lang)),
            h('td', { class: 'num' }, format.yuan(l.listFen, lang))))))));
  }

  #couponsCard(cart, best, priced, names, lang) {
    const coupons = cart.coupons ?? [];
    const reasons = new Map(best.best.notApplied.filter((n) => n.source === 'coupon').map((n) => [n.id, n.reason]));
    const ownReasons = new Map(priced.notApplied.filter((n) => n.source === 'coupon').map((n) => [n.id, n.reason]));
    const discountOf = new Map(priced.applied.map((a) => [a.id, a.discountFen]));
    const bestIds = new Set(best.couponIds);
    const usedIds = new Set(priced.couponIds);
    const usable = coupons.filter((c) => bestIds.has(c.id) || reasons.get(c.id)?.code === 'notBest');
    const unusable = coupons.filter((c) => !usable.includes(c));
    const toggle = (id) => {
      const current = this.#selection ?? [...bestIds];
      this.#selection = current.includes(id) ? current.filter((x) => x !== id) : [...current, id];
      this.#focusId = id;
      this.invalidate();
    };
    const card = (c, isUsable) => {
      const checked = usedIds.has(c.id);
      const selected = this.#selection === null ? bestIds.has(c.id) : this.#selection.includes(c.id);
      const why = isUsable ? (selected && !checked ? ownReasons.get(c.id) : null) : reasons.get(c.id);
      const amount = discountOf.get(c.id);
      return h(isUsable ? 'button' : 'div', {
        class: `coupon ${isUsable ? '' : 'unusable'}`, 'data-coupon': c.id, type: isUsable ? 'button' : undefined,
        role: isUsable ? 'checkbox' : 'group', 'aria-checked': isUsable ? String(selected) : undefined,
        'aria-label': `${names.get(c.id)}${why ? `，${describeReason(why, lang, names)}` : ''}`,
        onclick: isUsable ? () => toggle(c.id) : undefined,
      },
      h('span', { class: 'amount', 'aria-hidden': 'true' }, faceValue(c.rule, lang)),
      h('span', { class: 'body' },
        h('span', { class: 'name' }, names.get(c.id), bestIds.has(c.id) && h('span', { class: 'tag' }, this.t('best'))),
        h('br'),
        h('span', { class: 'meta' }, scopeText(c.scope, lang)),
        amount && h('span', { class: 'took' }, this.t('took', { amount: format.yuan(amount, lang) })),
        why && [h('br'), h('span', { class: 'reason' }, describeReason(why, lang, names))]),
      isUsable && h('span', { class: 'tick', 'aria-hidden': 'true' }, selected ? '✓' : ''));
    };
    return h('div', { class: 'yy-card coupons' },
      h('h3', { class: 'yy-title' }, this.t('coupons')),
      h('p', { class: 'yy-muted note', 'aria-live': 'polite' },
        this.#selection === null ? this.t('bestNote', { count: format.integer(best.combinationsEvaluated, lang) }) : this.t('manual')),
      this.#selection !== null && h('button', { class: 'yy-btn reset', type: 'button', onclick: () => { this.#selection = null; this.invalidate(); } }, this.t('reset')),
      h('h4', {}, `${this.t('usable')} (${usable.length})`),
      h('div', { class: 'usable' }, usable.map((c) => card(c, true))),
      unusable.length > 0 && h('h4', {}, `${this.t('unusable')} (${unusable.length})`),
      h('div', { class: 'unusable-list' }, unusable.map((c) => card(c, false))));
  }

  #apportionCard(priced, names, lang) {
    const lineApplied = priced.applied.filter((a) => a.shares.length > 0);
    return h('div', { class: 'yy-card' },
      h('h3', { class: 'yy-title' }, this.t('apportion')),
      h('div', { class: 'scroll' },
        h('table', { class: 'yy-table apportion' },
          h('thead', {}, h('tr', {},
            h('th', {}, this.t('lines')), h('th', { class: 'num' }, this.t('list')),
            lineApplied.map((a) => h('th', { class: 'num', 'data-offer': a.id }, names.get(a.id) ?? a.id)),
            h('th', { class: 'num' }, this.t('pay')))),
          h('tbody', {}, priced.lines.map((l, i) => h('tr', { 'data-line': l.lineId },
            h('td', {}, l.sku), h('td', { class: 'num' }, format.yuan(l.listFen, lang)),
            lineApplied.map((a) => h('td', { class: 'num share' }, a.shares[i] ? `-${format.yuan(a.shares[i], lang)}` : '—')),
            h('td', { class: 'num pay' }, format.yuan(l.payableFen, lang))))),
          h('tfoot', {}, h('tr', {},
            h('td', {}, this.t('total')), h('td', { class: 'num' }, format.yuan(priced.subtotalFen, lang)),
            lineApplied.map((a) => h('td', { class: 'num share' }, `-${format.yuan(a.discountFen, lang)}`)),
            h('td', { class: 'num' }, format.yuan(priced.subtotalFen - priced.discountFen, lang)))))));
  }

  #summaryCard(priced, best, names, lang) {
    const promotions = priced.applied.filter((a) => a.source === 'promotion');
    const saved = priced.discountFen + priced.shippingDiscountFen;
    const couponsText = (ids) => (ids.length ? ids.map((id) => names.get(id) ?? id).join(' + ') : this.t('noCoupon'));
    return h('div', { class: 'yy-card summary' },
      h('h3', { class: 'yy-title' }, this.t('payable')),
      h('dl', {},
        h('dt', {}, this.t('goods')), h('dd', {}, format.yuan(priced.subtotalFen, lang)),
        h('dt', {}, this.t('discount')), h('dd', { class: 'minus' }, `-${format.yuan(priced.discountFen, lang)}`),
        h('dt', {}, this.t('shipping')), h('dd', {}, format.yuan(priced.shippingFen, lang)),
        priced.shippingDiscountFen > 0 && [h('dt', {}, this.t('shippingOff')), h('dd', { class: 'minus' }, `-${format.yuan(priced.shippingDiscountFen, lang)}`)]),
      promotions.length > 0 && h('div', {}, h('h4', {}, this.t('promotions')),
        promotions.map((a) => h('div', { class: 'promo' }, h('span', {}, names.get(a.id) ?? a.id), h('span', { class: 'minus' }, `-${format.yuan(a.discountFen, lang)}`)))),
      h('div', { class: 'payable' },
        h('span', { class: 'yy-muted' }, this.t('applied', { count: priced.applied.length, amount: format.yuan(saved, lang) })),
        h('span', { class: 'value', 'data-payable': String(priced.payableFen) }, format.yuan(priced.payableFen, lang))),
      best.alternatives.length > 0 && h('div', {}, h('h4', {}, this.t('alternatives')),
        h('ol', { class: 'alts' }, best.alternatives.map((alt) => h('li', {}, this.t('altRow', { ids: couponsText(alt.couponIds), amount: format.yuan(alt.payableFen, lang) }))))));
  }
}

define('yy-checkout', YYCheckout);
export { YYCheckout };
