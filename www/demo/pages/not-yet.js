// A menu page for an area whose widget has not been released yet.
export function notYetAvailable(id, zh, en) {
  return {
    id,
    title: { 'zh-CN': zh, en },
    available: false,
    mount(container, { lang }) {
      const box = document.createElement('div');
      box.className = 'empty-state';
      const head = document.createElement('strong');
      head.textContent = lang === 'en' ? `${en} is not available yet` : `「${zh}」组件尚未上线`;
      const body = document.createElement('span');
      body.textContent = lang === 'en' ? 'This page will show its widget once it is released.' : '该功能开发中，发布后会在此页面展示。';
      box.append(head, body);
      container.append(box);
    },
  };
}
