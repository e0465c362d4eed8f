// Words for promotion rules and for the reasons an offer did not apply, shared by the coupon
// widgets. Formatting only: every amount comes from the wasm engine or from the rule as given.
import { format } from './base.js';

/** ¥200 for whole yuan, ¥12.50 otherwise (rule labels read like the ones shoppers see). */
export function yuanShort(fen, lang) {
  return fen % 100 === 0 ? `¥${format.integer(fen / 100, lang)}` : format.yuan(fen, lang);
}

/** A percentage off as 折 (15 → 8.5折) in Chinese, "15% off" in English. */
function discountText(percentOff, lang) {
  if (lang === 'en') return `${percentOff}% off`;
  const zhe = ((10000 - Math.round(percentOff * 100)) / 1000).toString();
  return `${zhe}折`;
}

/** A rule in the words of a coupon: 满200减30, 每满300减50, 8.5折, 第二件半价 … */
export function describeRule(rule, lang) {
  const y = (fen) => yuanShort(fen, lang);
  const en = lang === 'en';
  switch (rule.kind) {
    case 'fullReduction':
      return en ? `${y(rule.offFen)} off ${y(rule.thresholdFen)}+` : `满${y(rule.thresholdFen)}减${y(rule.offFen)}`;
    case 'tiered':
      return rule.tiers.map((t) => (en ? `${y(t.offFen)} off ${y(t.thresholdFen)}+` : `满${y(t.thresholdFen)}减${y(t.offFen)}`)).join(en ? ' / ' : '，');
    case 'everyReduction': {
      const cap = rule.capFen == null ? (en ? 'no cap' : '上不封顶') : en ? `up to ${y(rule.capFen)}` : `最多减${y(rule.capFen)}`;
      return en ? `${y(rule.offFen)} off every ${y(rule.everyFen)} (${cap})` : `每满${y(rule.everyFen)}减${y(rule.offFen)}（${cap}）`;
    }
    case 'percentage': {
      const from = rule.thresholdFen ? (en ? ` from ${y(rule.thresholdFen)}` : `满${y(rule.thresholdFen)}`) : '';
      const cap = rule.capFen == null ? '' : en ? `, up to ${y(rule.capFen)}` : `，最多减${y(rule.capFen)}`;
      return en ? `${discountText(rule.percentOff, lang)}${from}${cap}` : `${from}${discountText(rule.percentOff, lang)}${cap}`;
    }
    case 'noThreshold':
      return en ? `${y(rule.offFen)} off, no minimum` : `无门槛减${y(rule.offFen)}`;
    case 'freeShipping':
      return rule.thresholdFen ? (en ? `Free shipping from ${y(rule.thresholdFen)}` : `满${y(rule.thresholdFen)}包邮`) : en ? 'Free shipping' : '包邮';
    case 'multiBuy':
      if (rule.groupSize === 2 && rule.discountedUnits === 1 && rule.percentOff === 50) return en ? 'Second item half price' : '第二件半价';
      return en
        ? `${rule.discountedUnits} of every ${rule.groupSize} items ${discountText(rule.percentOff, lang)}`
        : rule.discountedUnits === rule.groupSize
          ? `${rule.groupSize}件${discountText(rule.percentOff, lang)}`
          : `每${rule.groupSize}件${rule.discountedUnits}件${discountText(rule.percentOff, lang)}`;
    case 'perItemOff':
      return en ? `${y(rule.offFen)} off each item` : `每件立减${y(rule.offFen)}`;
    case 'memberDiscount':
      return rule.tiers.map((t) => `${t.name} ${discountText(t.percentOff, lang)}`).join(en ? ' / ' : '，');
    case 'memberPrice':
      return en ? 'Member price' : '会员价';
    default:
      return rule.kind;
  }
}

/** What a coupon's stub shows: its face value (¥40, 9.5折, 包邮). */
export function faceValue(rule, lang) {
  switch (rule.kind) {
    case 'fullReduction':
    case 'noThreshold':
    case 'everyReduction':
      return yuanShort(rule.offFen, lang);
    case 'tiered':
      return yuanShort(rule.tiers[rule.tiers.length - 1].offFen, lang);
    case 'percentage':
      return discountText(rule.percentOff, lang);
    case 'freeShipping':
      return lang === 'en' ? 'Free ship' : '包邮';
    default:
      return '';
  }
}

/** Where an offer applies: its store, or the platform. */
export function scopeText(scope, lang) {
  const en = lang === 'en';
  switch (scope?.type ?? 'order') {
    case 'store':
      return scope.store;
    case 'skus':
    case 'categories': {
      const items = (scope.skus ?? scope.categories).join('、');
      return scope.store ? `${scope.store} · ${items}` : items;
    }
    case 'platform':
      return scope.stores ? scope.stores.join('、') : en ? 'All stores' : '全平台（跨店）';
    default:
      return en ? 'Whole order' : '全场通用';
  }
}

/** An offer's display name: its own name, else the rule in words. */
export function offerName(offer, lang) {
  return offer.name || describeRule(offer.rule, lang);
}

const REASONS = {
  'zh-CN': {
    belowThreshold: '再买 {amount} 可用', unitsShort: '再买 {units} 件可用', outOfScope: '购物车中没有适用商品',
    expired: '已于 {date} 过期', notYetValid: '{date} 起可用', notStackable: '不可与「{with}」同时使用',
    sameGroup: '同组限用一张，已用「{with}」', noDiscount: '已无可减金额', notMember: '会员专享',
    tierNotEligible: '{tier} 等级不可用', memberSpendShort: '再消费 {amount} 升级可用', notBest: '可用，未入选最优组合',
  },
  en: {
    belowThreshold: 'Add {amount} more to use', unitsShort: 'Add {units} more items to use', outOfScope: 'No eligible items in the cart',
    expired: 'Expired on {date}', notYetValid: 'Usable from {date}', notStackable: 'Cannot be combined with "{with}"',
    sameGroup: 'One per group: "{with}" is used', noDiscount: 'Nothing left to take off', notMember: 'Members only',
    tierNotEligible: 'Not for the {tier} tier', memberSpendShort: 'Spend {amount} more to qualify', notBest: 'Usable, not in the best pick',
  },
};

/** The sentence for a reason ({ code, shortFen, with … }); `names` maps offer ids to names. */
export function describeReason(reason, lang, names = new Map()) {
  const text = REASONS[lang === 'en' ? 'en' : 'zh-CN'][reason.code] ?? reason.code;
  const date = (ms) => new Date(ms).toISOString().slice(0, 10);
  const vars = {
    amount: reason.shortFen == null ? '' : format.yuan(reason.shortFen, lang),
    units: reason.shortUnits,
    date: date(reason.validUntilMs ?? reason.validFromMs ?? 0),
    with: names.get(reason.with) ?? reason.with,
    tier: reason.tier,
  };
  return text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}
