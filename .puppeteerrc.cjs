// dockhop renders diagrams with Debian's chromium (/usr/bin/chromium);
// puppeteer must never download a browser of its own.
module.exports = { skipDownload: true };
