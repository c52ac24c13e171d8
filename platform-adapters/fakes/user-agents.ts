/**
 * Real user-agent strings, per platform version, for the detection tests.
 * Samsung: "Retrieving Platform Information", developer.samsung.com/smarttv/develop/guides/fundamentals/
 * retrieving-platform-information.html (Table 2). LG: "Web Engine", webostv.developer.lge.com/develop/specifications/
 * web-api-and-web-engine (userAgent examples; 5.x and later follow the same pattern with their Chromium versions).
 */
export const TIZEN_UAS = {
  '2.4 (2016)':
    'Mozilla/5.0 (SMART-TV; Linux; Tizen 2.4.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/2.4.0 TV Safari/538.1',
  '3.0 (2017)':
    'Mozilla/5.0 (SMART-TV; LINUX; Tizen 3.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/3.0 TV Safari/538.1',
  '4.0 (2018)':
    'Mozilla/5.0 (SMART-TV; LINUX; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 TV Safari/537.36',
  '5.0 (2019)':
    'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Safari/537.36',
  '5.5 (2020)':
    'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.5) AppleWebKit/537.36 (KHTML, like Gecko) 69.0.3497.106.1/5.5 TV Safari/537.36',
  '6.0 (2021)':
    'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36',
  '6.5 (2022)':
    'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.5) AppleWebKit/537.36 (KHTML, like Gecko) 85.0.4183.93/6.5 TV Safari/537.36',
} as const;

export const WEBOS_UAS = {
  '1.x (2014)':
    'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.41 (KHTML, like Gecko) Large Screen WebAppManager Safari/537.41',
  '2.x (2015)':
    'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/538.2 (KHTML, like Gecko) Large Screen WebAppManager Safari/538.2',
  '3.x (2016)':
    'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) QtWebEngine/5.2.1 Chrome/38.0.2125.122 Safari/537.36 WebAppManager',
  '4.x (2018)':
    'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.34 Safari/537.36 WebAppManager',
  '5.x (2020)':
    'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/68.0.3440.106 Safari/537.36 WebAppManager',
  '22 (2022)':
    'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36 WebAppManager',
} as const;

/** WPE WebKit as RDK boxes and desktop WPE browsers report it: the UA alone does not tell them apart. */
export const WPE_UA =
  'Mozilla/5.0 (Linux; x86_64 GNU/Linux) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.0 Safari/605.1.15 WPE/2.38.6';

export const DESKTOP_CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

export const TIZEN_UA = TIZEN_UAS['5.5 (2020)'];
export const WEBOS_UA = WEBOS_UAS['5.x (2020)'];
