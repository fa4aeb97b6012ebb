// The cow console: a small single-page app. Every page reads JSON from /api and builds its DOM with textContent only
// (never innerHTML with data), so chat texts cannot inject markup. No third-party code but uPlot for the usage chart.
'use strict';

const TEXT = {
  en: {
    overview: 'Overview', qr: 'Login / QR', chats: 'Chats', skipped: 'Skipped', usage: 'Usage', config: 'Configuration', logs: 'Logs',
    signout: 'Sign out', lang: '中文', signinTitle: 'Sign in to the console', password: 'Password', signin: 'Sign in',
    setupTitle: 'Set the console password', newPassword: 'New password (at least 8 characters)', repeat: 'Repeat it',
    setPassword: 'Set password', mismatch: 'The two passwords differ.', noToken: 'Open the setup link from the bot\'s log.',
    uptime: 'Uptime', version: 'Version', model: 'Model', channels: 'Channels', lastHour: 'Last hour', lastDay: 'Last day',
    received: 'received', answered: 'answered', skippedN: 'skipped', latency: 'Model latency p50 / p95', firstToken: 'Time to first token p50 / p95',
    errorRate: 'Model error rate', waiting: 'Messages waiting', memory: 'Memory (heap / resident)', heartbeat: 'Heartbeat',
    none: '—', ago: 'ago', s: 's',
    STARTING: 'starting…', WAITING_FOR_SCAN: 'waiting for a scan', LOGGED_IN: 'logged in as', LOGGED_OUT: 'logged out',
    REFUSED: 'web login refused (1203)', EXPIRED: 'session expired', scanHint: 'Scan with WeChat on your phone, then confirm there.',
    SCANNED: 'scanned — confirm on the phone', STOPPED: 'stopped (another worker runs it)', nextQr: 'next QR code in {n}', min: 'min',
    nextQrSoon: 'next QR code any moment', newQr: 'New QR now', logout: 'Log out',
    logoutConfirm: 'Log this account out? The bot stops answering until someone scans a new QR code.',
    noChannels: 'No channel has reported yet.', search: 'Search', chat: 'Chat', channel: 'Channel', lastActivity: 'Last activity',
    answersWhen: 'Answers', lastOutcome: 'Last message', messages: 'Messages', prev: 'Previous', next: 'Next', noChats: 'No chats yet.',
    conversation: 'Conversation', member: 'Member', carried: 'sent with the next question', notCarried: 'not sent any more',
    expired: 'expired: the next question starts afresh', forget: 'Forget', forgetConfirm: 'Forget this conversation?',
    exportJson: 'Export JSON', exportMd: 'Export Markdown', noTurns: 'Nothing is remembered for this chat.',
    memoryOff: 'Memory is off: every question is asked alone.', forgotten: 'Forgotten.', budget: 'token budget',
    time: 'Time', sender: 'From', text: 'Text', reason: 'Reason', noSkipped: 'No skipped messages yet.',
    from: 'From', to: 'To', show: 'Show', csv: 'Download CSV', day: 'Day', person: 'Person', requests: 'Requests',
    promptTokens: 'Tokens in', completionTokens: 'Tokens out', byDay: 'per day', byChat: 'per chat', byPerson: 'per person', byModel: 'per model',
    noUsage: 'No usage in this range.', key: 'Key', value: 'Value', source: 'Source', configFile: 'Config file', noFile: '(none)',
    follow: 'Follow', paused: 'Paused', failed: 'Request failed', reconnecting: 'reconnecting…'
  },
  zh: {
    overview: '概览', qr: '登录 / 二维码', chats: '会话', skipped: '未回复', usage: '用量', config: '配置', logs: '日志',
    signout: '退出', lang: 'English', signinTitle: '登录控制台', password: '密码', signin: '登录',
    setupTitle: '设置控制台密码', newPassword: '新密码（至少 8 个字符）', repeat: '再输入一次',
    setPassword: '设置密码', mismatch: '两次输入的密码不一致。', noToken: '请打开机器人日志中的设置链接。',
    uptime: '运行时间', version: '版本', model: '模型', channels: '通道', lastHour: '最近一小时', lastDay: '最近一天',
    received: '收到', answered: '已回复', skippedN: '未回复', latency: '模型延迟 p50 / p95', firstToken: '首字延迟 p50 / p95',
    errorRate: '模型错误率', waiting: '待处理消息', memory: '内存（堆 / 常驻）', heartbeat: '心跳',
    none: '—', ago: '前', s: '秒',
    STARTING: '启动中…', WAITING_FOR_SCAN: '等待扫码', LOGGED_IN: '已登录：', LOGGED_OUT: '已退出登录',
    REFUSED: '网页登录被拒绝（1203）', EXPIRED: '会话已过期', scanHint: '用手机微信扫码，并在手机上确认。',
    SCANNED: '已扫码，请在手机上确认', STOPPED: '已停止（由其他实例运行）', nextQr: '{n}后显示新的二维码', min: '分',
    nextQrSoon: '马上显示新的二维码', newQr: '立即换新二维码', logout: '退出登录',
    logoutConfirm: '确定退出这个账号？在有人扫描新的二维码之前，机器人不会回复。',
    noChannels: '还没有通道报告状态。', search: '搜索', chat: '会话', channel: '通道', lastActivity: '最近活动',
    answersWhen: '回复规则', lastOutcome: '最近一条', messages: '消息数', prev: '上一页', next: '下一页', noChats: '还没有会话。',
    conversation: '对话', member: '成员', carried: '会随下一个问题发送', notCarried: '不再发送',
    expired: '已过期：下一个问题将重新开始', forget: '清除记忆', forgetConfirm: '确定清除这段对话？',
    exportJson: '导出 JSON', exportMd: '导出 Markdown', noTurns: '这个会话没有记忆。',
    memoryOff: '记忆已关闭：每个问题单独提问。', forgotten: '已清除。', budget: '令牌预算',
    time: '时间', sender: '发送者', text: '内容', reason: '原因', noSkipped: '还没有未回复的消息。',
    from: '从', to: '到', show: '显示', csv: '下载 CSV', day: '日期', person: '用户', requests: '请求数',
    promptTokens: '输入令牌', completionTokens: '输出令牌', byDay: '按天', byChat: '按会话', byPerson: '按用户', byModel: '按模型',
    noUsage: '这段时间没有用量。', key: '配置项', value: '值', source: '来源', configFile: '配置文件', noFile: '（无）',
    follow: '跟随', paused: '已暂停', failed: '请求失败', reconnecting: '重新连接中…'
  }
};

let lang = localStorage.getItem('cow.lang') || ((navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en');
const t = (key) => (TEXT[lang] && TEXT[lang][key]) || TEXT.en[key] || key;
let session = { csrf: '', signedIn: false, passwordSet: false };
let cleanup = [];

/** h('p', {class: 'x'}, 'text', child) — an element; strings become text nodes. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

async function api(path, options) {
  const init = Object.assign({ headers: {} }, options || {});
  if (init.method && init.method !== 'GET') {
    init.headers['X-CSRF-Token'] = session.csrf;
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, init);
  if (response.status === 401 && !path.startsWith('/api/signin') && !path.startsWith('/api/setup')) {
    go(session.passwordSet ? '/signin?next=' + encodeURIComponent(location.pathname + location.search) : '/setup');
    throw new Error('not signed in');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || (t('failed') + ' (' + response.status + ')'));
  return body;
}

const PAGES = { '/overview': overview, '/qr': qr, '/chats': chats, '/chat': chat, '/skipped': skipped, '/usage': usage,
  '/config': config, '/logs': logs, '/signin': signin, '/setup': setup };
const NAV = ['overview', 'qr', 'chats', 'skipped', 'usage', 'config', 'logs'];

function go(path) {
  history.pushState({}, '', path);
  render();
}

function link(path, label) {
  return h('a', { href: path, onclick: (e) => { if (e.button === 0 && !e.ctrlKey && !e.metaKey) { e.preventDefault(); go(path); } } }, label);
}

function chrome() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  const nav = document.getElementById('nav');
  nav.replaceChildren(...(session.signedIn ? NAV.map((name) => {
    const a = link('/' + name, t(name));
    if (location.pathname === '/' + name || (name === 'chats' && location.pathname === '/chat')) a.classList.add('active');
    return a;
  }) : []));
  const langButton = document.getElementById('lang');
  langButton.textContent = t('lang');
  langButton.onclick = () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('cow.lang', lang); render(); };
  const out = document.getElementById('signout');
  out.hidden = !(session.signedIn && session.passwordSet);
  out.textContent = t('signout');
  out.onclick = async () => { const r = await api('/api/signout', { method: 'POST', body: '{}' }); session.csrf = r.csrf; session.signedIn = false; go('/signin'); };
}

async function render() {
  cleanup.forEach((f) => f());
  cleanup = [];
  const main = document.getElementById('main');
  let path = location.pathname;
  if (!PAGES[path]) path = '/overview';
  if (session.setupRequired && path !== '/setup') { history.replaceState({}, '', '/setup' + location.search); path = '/setup'; }
  else if (!session.signedIn && !session.setupRequired && path !== '/signin') {
    history.replaceState({}, '', '/signin?next=' + encodeURIComponent(location.pathname + location.search)); path = '/signin';
  }
  chrome();
  const page = h('section', { 'data-page': path.slice(1) });
  main.replaceChildren(page);
  try {
    await PAGES[path](page, new URLSearchParams(location.search));
  } catch (e) {
    if (e.message !== 'not signed in') page.append(h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

function when(ms) {
  if (!ms) return t('none');
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}

function duration(seconds) {
  if (seconds < 0) return t('none');
  const d = Math.floor(seconds / 86400), hh = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
  return (d ? d + 'd ' : '') + (d || hh ? hh + 'h ' : '') + m + 'm ' + (seconds % 60) + 's';
}

const mib = (bytes) => bytes < 0 ? t('none') : (bytes / 1048576).toFixed(1) + ' MiB';
const ms = (n) => n < 0 ? t('none') : n + ' ms';

function table(headers, rows, classes) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, headers.map((x, i) => h('th', { class: (classes || [])[i] }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((cell, i) => h('td', { class: (classes || [])[i] }, cell)))))));
}

function stateText(c) {
  return c.state === 'LOGGED_IN' ? t('LOGGED_IN') + ' ' + c.account : t(c.state);
}

// ---- pages ----

async function signin(page, params) {
  const input = h('input', { type: 'password', id: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const message = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card signin', onsubmit: async (e) => {
    e.preventDefault();
    message.textContent = '';
    try {
      const r = await api('/api/signin', { method: 'POST', body: JSON.stringify({ password: input.value }) });
      session.csrf = r.csrf; session.signedIn = true;
      const next = params.get('next') || '/overview';
      go(next.startsWith('/') && !next.startsWith('//') ? next : '/overview');
    } catch (err) { message.textContent = err.message; }
  } }, h('h1', {}, t('signinTitle')), h('label', { for: 'password' }, t('password')), input,
    h('button', { class: 'primary', type: 'submit' }, t('signin')), message);
  page.append(form);
  input.focus();
}

async function setup(page, params) {
  const token = params.get('token') || '';
  const first = h('input', { type: 'password', id: 'new', autocomplete: 'new-password', minlength: 8, required: true });
  const second = h('input', { type: 'password', id: 'repeat', autocomplete: 'new-password', minlength: 8, required: true });
  const message = h('p', { class: 'error', role: 'alert' }, token ? '' : t('noToken'));
  page.append(h('form', { class: 'card signin', onsubmit: async (e) => {
    e.preventDefault();
    if (first.value !== second.value) { message.textContent = t('mismatch'); return; }
    try {
      const r = await api('/api/setup', { method: 'POST', body: JSON.stringify({ token, password: first.value }) });
      Object.assign(session, { csrf: r.csrf, signedIn: true, passwordSet: true, setupRequired: false });
      go('/qr');
    } catch (err) { message.textContent = err.message; }
  } }, h('h1', {}, t('setupTitle')), h('label', { for: 'new' }, t('newPassword')), first,
    h('label', { for: 'repeat' }, t('repeat')), second, h('button', { class: 'primary', type: 'submit' }, t('setPassword')), message));
}

async function overview(page) {
  const o = await api('/api/overview');
  const card = (label, ...value) => h('div', { class: 'card' }, h('div', { class: 'muted' }, label), h('div', { class: 'big' }, ...value));
  const counts = (m) => h('span', {}, m.received + ' ' + t('received') + ' · ' + m.answered + ' ' + t('answered') + ' · '
    + Object.values(m.skipped).reduce((a, b) => a + b, 0) + ' ' + t('skippedN'));
  const reasons = (m) => h('div', { class: 'muted' }, Object.entries(m.skipped).map(([k, v]) => k.toLowerCase() + ': ' + v).join(', '));
  const model = o.modelLastHour;
  page.append(h('h1', {}, t('overview')), h('div', { class: 'cards' },
    card(t('channels'), ...o.channels.map((c) => h('div', { class: 'state' }, c.channel + ': ' + stateText(c)))),
    card(t('uptime'), duration(o.uptimeSeconds)),
    card(t('model'), o.model),
    card(t('lastHour'), counts(o.lastHour), reasons(o.lastHour)),
    card(t('lastDay'), counts(o.lastDay), reasons(o.lastDay)),
    card(t('latency'), ms(model.p50Millis) + ' / ' + ms(model.p95Millis)),
    card(t('firstToken'), ms(model.firstTokenP50Millis) + ' / ' + ms(model.firstTokenP95Millis)),
    card(t('errorRate'), (model.errorRate * 100).toFixed(1) + ' %', h('div', { class: 'muted' }, model.failures + ' / ' + model.calls)),
    card(t('waiting'), String(o.waiting)),
    card(t('memory'), mib(o.heapUsedBytes) + ' / ' + mib(o.residentBytes)),
    card(t('heartbeat'), o.heartbeatAgeSeconds < 0 ? t('none') : o.heartbeatAgeSeconds + ' ' + t('s') + ' ' + t('ago')),
    card(t('version'), o.version)));
}

async function qr(page) {
  page.append(h('h1', {}, t('qr')));
  const list = h('div', { class: 'cards' });
  page.append(list);
  const cards = new Map();
  // "next QR code in N s": every countdown on the page ticks with one timer.
  const tick = () => list.querySelectorAll('.countdown').forEach((el) => {
    const left = Math.ceil((Number(el.dataset.at) - Date.now()) / 1000);
    const n = left >= 60 ? Math.floor(left / 60) + ' ' + t('min') + ' ' + (left % 60) + ' ' + t('s') : left + ' ' + t('s');
    el.textContent = left > 0 ? t('nextQr').replace('{n}', n) : t('nextQrSoon');
  });
  const timer = setInterval(tick, 1000);
  cleanup.push(() => clearInterval(timer));
  const act = (c, path, label, cls) => {
    const message = h('p', { class: 'error', role: 'alert' });
    const button = h('button', { type: 'button', class: cls, 'data-action': path, onclick: async () => {
      if (path === 'logout' && !confirm(t('logoutConfirm'))) return;
      button.disabled = true;
      message.textContent = '';
      try { await api('/api/channels/' + path, { method: 'POST', body: JSON.stringify({ channel: c.channel }) }); }
      catch (e) { message.textContent = e.message; button.disabled = false; }
    } }, label);
    return [button, message];
  };
  const show = (c) => {
    const countdown = c.nextAttemptAt > Date.now() && c.state !== 'LOGGED_IN';
    const scanning = c.qr && !countdown && c.state === 'WAITING_FOR_SCAN';
    const waitingForQr = ['WAITING_FOR_SCAN', 'SCANNED', 'LOGGED_OUT', 'EXPIRED'].includes(c.state);
    const buttons = c.state === 'LOGGED_IN' ? (c.logOut ? act(c, 'logout', t('logout'), 'danger') : [])
      : waitingForQr && c.newQr ? act(c, 'new-qr', t('newQr'), 'primary') : [];
    const box = h('div', { class: 'card qr', 'data-channel': c.channel, 'data-state': c.state },
      h('h2', {}, c.channel),
      h('div', { class: 'state ' + (c.state === 'LOGGED_IN' ? 'ok' : ['WAITING_FOR_SCAN', 'SCANNED'].includes(c.state) ? 'warn' : 'error') }, stateText(c)),
      c.detail && c.state !== 'LOGGED_IN' && c.state !== 'SCANNED' ? h('div', { class: 'muted detail' }, c.detail) : null,
      countdown ? h('div', { class: 'countdown', 'data-at': c.nextAttemptAt }) : null,
      scanning ? h('img', { src: c.qr, alt: 'QR code', width: 280, height: 280 }) : null,
      scanning ? h('p', { class: 'muted' }, t('scanHint')) : null,
      buttons.length ? h('div', { class: 'actions' }, buttons[0]) : null,
      buttons.length ? buttons[1] : null);
    const old = cards.get(c.channel);
    if (old) old.replaceWith(box); else list.append(box);
    cards.set(c.channel, box);
    tick();
  };
  const r = await api('/api/channels');
  if (!r.channels.length) list.append(h('p', { class: 'muted' }, t('noChannels')));
  r.channels.forEach(show);
  const events = new EventSource('/api/channels/stream');
  events.addEventListener('login', (e) => show(JSON.parse(e.data)));
  // A reconnecting stream may have missed changes: read the whole state again.
  events.addEventListener('open', async () => (await api('/api/channels')).channels.forEach(show));
  cleanup.push(() => events.close());
}

async function chats(page, params) {
  const q = params.get('q') || '';
  const offset = Number(params.get('offset') || 0);
  const r = await api('/api/chats?q=' + encodeURIComponent(q) + '&offset=' + offset);
  const input = h('input', { type: 'search', name: 'q', value: q, placeholder: t('search') });
  page.append(h('h1', {}, t('chats') + ' (' + r.total + ')'),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); go('/chats?q=' + encodeURIComponent(input.value)); } },
      input, h('button', { type: 'submit' }, t('search'))));
  if (!r.chats.length) { page.append(h('p', { class: 'muted' }, t('noChats'))); return; }
  page.append(table([t('chat'), t('lastActivity'), t('lastOutcome'), t('messages'), t('channel')],
    r.chats.map((c) => [h('span', {}, link('/chat?channel=' + encodeURIComponent(c.channel) + '&key=' + encodeURIComponent(c.key),
      (c.group ? '👥 ' : '👤 ') + c.title), h('div', { class: 'muted' }, c.answers)),
      when(c.lastAt), c.lastOutcome.toLowerCase(), String(c.messages), c.channel]),
    ['', '', '', 'num hide-narrow', 'hide-narrow']));
  const pager = h('div', { class: 'actions' });
  if (offset > 0) pager.append(link('/chats?q=' + encodeURIComponent(q) + '&offset=' + Math.max(0, offset - r.pageSize), t('prev')));
  if (offset + r.pageSize < r.total) pager.append(link('/chats?q=' + encodeURIComponent(q) + '&offset=' + (offset + r.pageSize), t('next')));
  page.append(pager);
}

async function chat(page, params) {
  const channel = params.get('channel') || '', key = params.get('key') || '';
  const r = await api('/api/chat?channel=' + encodeURIComponent(channel) + '&key=' + encodeURIComponent(key));
  const base = 'channel=' + encodeURIComponent(channel) + '&key=' + encodeURIComponent(key);
  page.append(h('h1', {}, (r.group ? '👥 ' : '👤 ') + r.title),
    h('p', { class: 'muted' }, r.channel + (r.answers ? ' · ' + r.answers : '')),
    h('div', { class: 'actions' },
      h('a', { class: 'button', href: '/api/chat/export?' + base + '&format=json', download: '' }, t('exportJson')),
      h('a', { class: 'button', href: '/api/chat/export?' + base + '&format=md', download: '' }, t('exportMd'))));
  if (!r.memory.enabled) page.append(h('p', { class: 'muted' }, t('memoryOff')));
  if (!r.conversations.length) { page.append(h('p', { class: 'muted', id: 'empty' }, t('noTurns'))); return; }
  for (const c of r.conversations) {
    const section = h('section', { class: 'conversation', 'data-member': c.member });
    section.append(h('h2', {}, t('conversation') + (c.member ? ' · ' + t('member') + ' ' + c.member : '')),
      h('p', { class: 'muted' }, c.expired ? t('expired') : c.carriedTokens + ' / ' + r.memory.historyTokens + ' ' + t('budget')),
      h('div', { class: 'actions' }, h('button', { class: 'danger', type: 'button', onclick: async () => {
        if (!confirm(t('forgetConfirm'))) return;
        await api('/api/chat/forget', { method: 'POST', body: JSON.stringify({ channel, key, member: c.member }) });
        render();
      } }, t('forget'))));
    for (const turn of c.turns) {
      section.append(h('div', { class: 'turn' + (turn.carried ? ' carried' : ''), 'data-carried': String(turn.carried) },
        h('div', { class: 'muted' }, when(turn.at), ' ', h('span', { class: 'badge' + (turn.carried ? ' carried' : '') }, turn.carried ? t('carried') : t('notCarried'))),
        h('div', { class: 'q' }, turn.question), h('div', { class: 'a' }, turn.answer)));
    }
    page.append(section);
  }
}

// Why a message got no answer, in Chinese, by outcome. In English the page shows the bot's own words (SkipReasons),
// which carry details (which kind of noise, what was missing); here they stay in the tooltip.
const REASONS_ZH = {
  DUPLICATE: '重复：同一条消息又投递了一次，第一次已处理',
  BEFORE_START: '启动前：消息写于机器人开始监听之前（不回复历史消息）',
  ECHO: '回声：机器人自己的回复', NOISE: '无需回复：非文字消息、微信通知、公众号或系统账号',
  NOT_ALLOWED: '不允许：访问名单不允许这个会话', PAUSED: '已暂停：管理员暂停了机器人（#resume 恢复）',
  TAKEN_OVER: '人工接管：主人刚在这个会话里亲自发言，机器人暂时不说话', RATE_LIMITED: '频率限制：短时间内提问太多',
  OVER_QUOTA: '配额：今天的配额已用完', BANNED_WORD: '敏感词：问题含有 banwords.questions 中的词',
  MEDIA_KEPT: '图片：已保存，等待接下来的问题', MEDIA_SKIPPED: '附件已跳过：太大、损坏、类型未知或无法转写',
  COMMAND: '命令：未经模型已回复', PLUGIN: '插件：由插件代替模型回复', EMPTY_QUESTION: '没有问题：关键词后面没有内容',
  FAILED: '错误：模型调用失败，会话已收到错误提示', INTERRUPTED: '已中断：回答时机器人停止了，下次启动时回答'
};

function skipReason(s) {
  if (lang !== 'zh') return s.reason;
  if (s.outcome === 'NOT_TRIGGERED') {
    return s.group ? '未@机器人或缺少关键词：群消息须以 @机器人 加关键词开头' : '没有关键词：消息不是以触发关键词开头';
  }
  return REASONS_ZH[s.outcome] || s.reason;
}

async function skipped(page) {
  const r = await api('/api/skipped');
  page.append(h('h1', {}, t('skipped')));
  if (!r.skipped.length) { page.append(h('p', { class: 'muted' }, t('noSkipped'))); return; }
  page.append(table([t('time'), t('chat'), t('sender'), t('text'), t('reason')],
    r.skipped.map((s) => [when(s.at), (s.group ? '👥 ' : '👤 ') + s.chat, s.sender, h('span', { class: 'text' }, s.text),
      h('span', { 'data-outcome': s.outcome, title: lang === 'zh' ? s.reason : null }, skipReason(s))]),
    ['', '', 'hide-narrow', '', '']));
}

async function usage(page, params) {
  const today = new Date();
  const iso = (d) => d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  const to = params.get('to') || iso(today);
  const from = params.get('from') || iso(new Date(today.getTime() - 29 * 86400000));
  const by = params.get('by') || 'chat';
  const r = await api('/api/usage?from=' + from + '&to=' + to);
  const fromInput = h('input', { type: 'date', name: 'from', value: from });
  const toInput = h('input', { type: 'date', name: 'to', value: to });
  page.append(h('h1', {}, t('usage')),
    h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); go('/usage?from=' + fromInput.value + '&to=' + toInput.value + '&by=' + by); } },
      h('label', {}, t('from'), ' ', fromInput), h('label', {}, t('to'), ' ', toInput), h('button', { type: 'submit' }, t('show')),
      h('a', { class: 'button', id: 'csv', href: '/api/usage.csv?from=' + from + '&to=' + to, download: '' }, t('csv'))));
  const chart = h('div', { id: 'chart' });
  page.append(chart);
  const days = r.days.map((d) => Math.floor(new Date(d.day + 'T00:00:00').getTime() / 1000));
  const chartWidth = () => Math.max(250, Math.min(1060, page.clientWidth - 20));
  const plot = new uPlot({ width: chartWidth(), height: 260, series: [{},
    { label: t('promptTokens'), stroke: '#07c160', fill: 'rgba(7,193,96,.15)', width: 2 },
    { label: t('completionTokens'), stroke: '#0969da', fill: 'rgba(9,105,218,.12)', width: 2 }],
    axes: [{}, { size: 60 }], scales: { x: { time: true } } },
    [days, r.days.map((d) => d.promptTokens), r.days.map((d) => d.completionTokens)], chart);
  const resize = () => plot.setSize({ width: chartWidth(), height: 260 });
  window.addEventListener('resize', resize);
  cleanup.push(() => { window.removeEventListener('resize', resize); plot.destroy(); });
  const tabs = h('div', { class: 'actions' }, ['day', 'chat', 'person', 'model'].map((k) =>
    link('/usage?from=' + from + '&to=' + to + '&by=' + k, (k === by ? '▸ ' : '') + t('by' + k[0].toUpperCase() + k.slice(1)))));
  page.append(tabs);
  if (!r.rows.length) { page.append(h('p', { class: 'muted' }, t('noUsage'))); return; }
  const groups = new Map();
  for (const row of r.rows) {
    const k = by === 'day' ? row.day : by === 'person' ? row.channel + ' / ' + row.chat + ' / ' + (row.person || '—')
      : by === 'model' ? (row.model || '—') : row.channel + ' / ' + row.chat;
    const g = groups.get(k) || { requests: 0, promptTokens: 0, completionTokens: 0 };
    g.requests += row.requests; g.promptTokens += row.promptTokens; g.completionTokens += row.completionTokens;
    groups.set(k, g);
  }
  page.append(table([t(by === 'chat' ? 'chat' : by), t('requests'), t('promptTokens'), t('completionTokens')],
    [...groups.entries()].sort((a, b) => b[1].promptTokens + b[1].completionTokens - a[1].promptTokens - a[1].completionTokens)
      .map(([k, g]) => [k, String(g.requests), String(g.promptTokens), String(g.completionTokens)]), ['', 'num', 'num', 'num']));
}

async function config(page) {
  const r = await api('/api/config');
  page.append(h('h1', {}, t('config')), h('p', { class: 'muted' }, t('configFile') + ': ' + (r.file || t('noFile'))),
    table([t('key'), t('value'), t('source')], r.values.map((v) => [h('span', { title: v.description }, v.key),
      h('span', { class: 'text' }, v.value), v.source]), ['', '', 'hide-narrow']));
  r.warnings.forEach((w) => page.append(h('p', { class: 'warn' }, w)));
}

async function logs(page) {
  const pre = h('pre', { class: 'log', id: 'log' });
  let follow = true;
  const toggle = h('button', { type: 'button', onclick: () => { follow = !follow; toggle.textContent = follow ? t('follow') : t('paused'); } }, t('follow'));
  page.append(h('h1', {}, t('logs')), h('div', { class: 'actions' }, toggle), pre);
  const add = (line) => {
    pre.append(line + '\n');
    while (pre.childNodes.length > 2000) pre.firstChild.remove();
    if (follow) pre.scrollTop = pre.scrollHeight;
  };
  (await api('/api/logs')).lines.forEach(add);
  const events = new EventSource('/api/logs/stream');
  events.addEventListener('line', (e) => add(e.data));
  cleanup.push(() => events.close());
}

window.addEventListener('popstate', render);
window.addEventListener('DOMContentLoaded', async () => {
  try { session = await api('/api/session'); } catch (e) { /* shown by the page */ }
  render();
});
