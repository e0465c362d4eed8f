// Menu icons as SVG paths (24×24, stroked), so the console needs no icon font or emoji font.
const PATHS = {
  overview: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  segments: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 12 0v1M17 11a3 3 0 1 0 0-6M22 21v-1a5 5 0 0 0-4-4.9',
  funnel: 'M3 4h18l-7 8v6l-4 2v-8z',
  retention: 'M3 17l6-6 4 4 8-8M15 7h6v6',
  abtest: 'M9 3v6L4 19a1 1 0 0 0 1 2h14a1 1 0 0 0 1-2l-5-10V3M8 3h8',
  lottery: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 3v18M3 12h18M5.6 5.6l12.8 12.8M18.4 5.6 5.6 18.4',
  coupon: 'M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4zM14 7v10',
};

export function menuIcon(id) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', PATHS[id] ?? PATHS.overview);
  for (const [k, v] of Object.entries({ fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' })) path.setAttribute(k, v);
  svg.append(path);
  return svg;
}
