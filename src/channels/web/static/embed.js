// Embeds the 资兴招商助手 chat in another site: a floating button that opens the chat in an
// iframe. Usage: <script src="https://assistant.example/embed.js" async></script>
// The host page's origin must be listed in EMBED_ORIGINS (the chat's CSP frame-ancestors).
(function () {
  var script = document.currentScript;
  if (!script || window.__zxChatEmbedded) return;
  window.__zxChatEmbedded = true;
  var base = new URL(script.src).origin;
  var lang = script.getAttribute('data-lang') === 'en' ? 'en' : 'zh';
  var label = lang === 'en' ? 'Ask us' : '招商咨询';

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  button.style.cssText =
    'position:fixed;right:20px;bottom:20px;z-index:2147483000;border:none;border-radius:24px;padding:12px 20px;' +
    'background:#b3261e;color:#fff;font:600 15px sans-serif;box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer';

  var frame = document.createElement('iframe');
  frame.title = lang === 'en' ? 'Zixing Investment Assistant' : '资兴招商助手';
  frame.src = base + '/';
  frame.style.cssText =
    'position:fixed;right:20px;bottom:80px;z-index:2147483000;width:min(400px,calc(100vw - 40px));' +
    'height:min(640px,calc(100vh - 110px));border:none;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:none;background:#fff';

  button.addEventListener('click', function () {
    var open = frame.style.display === 'none';
    frame.style.display = open ? 'block' : 'none';
    button.setAttribute('aria-expanded', String(open));
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
