// The search page: Pagefind fetches its index over HTTP, so from the disk
// (file://) it cannot work; say so in Danish instead of showing nothing or
// Pagefind's English error. A classic script (not a module), so it also
// runs from file://, where module scripts are refused.
(function () {
  var search = document.getElementById('soegning');
  var notice = document.getElementById('soeg-virker-ikke');
  if (!search || !notice) return;
  function unavailable(reason) {
    notice.querySelectorAll('[data-reason]').forEach(function (p) {
      p.hidden = p.getAttribute('data-reason') !== reason;
    });
    notice.hidden = false;
    search.hidden = true;
  }
  if (location.protocol === 'file:') {
    unavailable('file');
    return;
  }
  // The component script resolves the bundle path from its own address;
  // give it the absolute path, so a site under a sub-path works too.
  var config = search.querySelector('pagefind-config');
  if (config) {
    config.setAttribute('bundle-path', new URL(config.getAttribute('bundle-path'), document.baseURI).pathname);
  }
  document.addEventListener('pagefind-error', function () { unavailable('error'); });
})();
