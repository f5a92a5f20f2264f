// Staff console, new-lead alerts: a banner that stays until a person has seen it, the number of
// unseen new leads in the tab title, and — with the switch on — a sound and a browser notification.
// The switch is remembered in this browser (localStorage); turning it on asks for the browser's
// notification permission.

const $ = (id) => document.getElementById(id);
const KEY = 'zx.console.alerts';
const BASE_TITLE = document.title;
let unseen = 0;

export const alertsOn = () => localStorage.getItem(KEY) === 'on';

function render() {
  document.title = unseen > 0 ? `(${unseen}) ${BASE_TITLE}` : BASE_TITLE;
  const banner = $('lead-alert');
  if (!banner) return;
  banner.hidden = unseen === 0;
  $('lead-alert-text').textContent = `有 ${unseen} 条新线索 · ${unseen} new lead${unseen > 1 ? 's' : ''}`;
}

/** The person has seen the new leads (clicked the banner's button, or opened the board while looking). */
export function leadsSeen() {
  unseen = 0;
  render();
}

function beep() {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.25);
    osc.onended = () => ctx.close();
  } catch {
    // A browser that refuses audio without a gesture: the banner and the title still tell.
  }
}

/** One new lead arrived (from the console's live feed). `title` names it, without personal data. */
export function newLeadAlert(title) {
  unseen += 1;
  render();
  if (!alertsOn()) return;
  beep();
  if ('Notification' in window && Notification.permission === 'granted') {
    try {
      new Notification('资兴招商助手：新线索', { body: title || '有新线索 New lead', tag: 'zx-new-lead' });
    } catch {
      // Some browsers only notify from a service worker: the banner stays.
    }
  }
}

/** Wire the switch and the banner's button. */
export function initAlerts() {
  const box = $('alerts-on');
  if (box) {
    box.checked = alertsOn();
    box.addEventListener('change', async () => {
      localStorage.setItem(KEY, box.checked ? 'on' : 'off');
      if (box.checked && 'Notification' in window && Notification.permission === 'default') await Notification.requestPermission();
    });
  }
  $('lead-alert-seen')?.addEventListener('click', leadsSeen);
  render();
}
