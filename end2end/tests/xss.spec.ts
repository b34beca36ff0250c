// Script injection: known XSS payloads in every place a service owner writes text or links
// (titles, summaries, markdown additional info, attachment names, action titles and URLs) are
// rendered in the inbox and on the dialog page, and none of them runs in the browser.
import { test, expect, expectHydrated } from "./fixtures";
import { createDialog, nb, serviceOwnerToken, persons } from "./dialogs";

const payloads = [
  "<script>__xss(1)</script>",
  "<img src=x onerror=__xss(2)>",
  "<svg onload=__xss(3)>",
  "<svg><script>__xss(4)</script></svg>",
  '<iframe src="javascript:__xss(5)"></iframe>',
  '<iframe srcdoc="<script>parent.__xss(6)</script>"></iframe>',
  "<body onload=__xss(7)>",
  "<details open ontoggle=__xss(8)>",
  '<a href="javascript:__xss(9)">klikk</a>',
  "[klikk](javascript:__xss(10))",
  "[klikk](JAVASCRIPT:__xss(11))",
  "[klikk](&#106;avascript:__xss(12))",
  "[klikk](jav&#x09;ascript:__xss(13))",
  '![x](x" onerror="__xss(14))',
  '<img src="x" onerror="__xss(15)"/>',
  '<video><source onerror="__xss(16)"></video>',
  "<audio src=x onerror=__xss(17)>",
  "<input autofocus onfocus=__xss(18)>",
  "<select autofocus onfocus=__xss(19)>",
  "<textarea autofocus onfocus=__xss(20)>",
  "<marquee onstart=__xss(21)>",
  '<object data="javascript:__xss(22)">',
  '<embed src="javascript:__xss(23)">',
  '<form action="javascript:__xss(24)"><button>x</button></form>',
  "<math><mtext><table><mglyph><style><img src=x onerror=__xss(25)>",
  '<noscript><p title="</noscript><img src=x onerror=__xss(26)>">',
  "<style>@import 'javascript:__xss(27)';</style>",
  '<link rel=stylesheet href="javascript:__xss(28)">',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss(29)">',
  '<base href="javascript:__xss(30)//">',
  '"><script>__xss(31)</script>',
  "'><img src=x onerror=__xss(32)>",
  "</title><script>__xss(33)</script>",
  "</textarea><script>__xss(34)</script>",
  "<scr<script>ipt>__xss(35)</scr</script>ipt>",
  "<SCRIPT SRC=data:text/javascript,__xss(36)></SCRIPT>",
  "<img src=`x`onerror=__xss(37)>",
  '<img """><script>__xss(38)</script>">',
  '<div style="background:url(javascript:__xss(39))">x</div>',
  '<a href="data:text/html,<script>__xss(40)</script>">x</a>',
  "[x](data:text/html;base64,PHNjcmlwdD5fX3hzcyg0MSk8L3NjcmlwdD4=)",
  '<a href="vbscript:__xss(42)">x</a>',
  '<svg><a xlink:href="javascript:__xss(43)"><text y=20>x</text></a></svg>',
  "<svg><animate onbegin=__xss(44) attributeName=x dur=1s>",
  "<isindex action=javascript:__xss(45) type=image>",
  '<table background="javascript:__xss(46)"><tr><td>x</td></tr></table>',
  "<img src=x:alert(alt) onerror=eval(src) alt=__xss(47)>",
  "{{constructor.constructor('__xss(48)')()}}",
  "${__xss(49)}",
  "javascript:__xss(50)",
  '<a href=" javascript:__xss(51)">x</a>',
  "[x]( javascript:__xss(52))",
  "<template><script>__xss(53)</script></template>",
  '<img srcset="x" onerror="__xss(54)">',
  "<picture><source srcset=x><img src=x onerror=__xss(55)></picture>",
  "<xss onpointerover=__xss(56) style=display:block>hover</xss>",
  '<a href="#" onclick="__xss(57)">klikk</a>',
  "<button formaction=javascript:__xss(58)>x</button>",
  "<keygen autofocus onfocus=__xss(59)>",
  "<frameset onload=__xss(60)>",
  "<img src=x onerror=alert(61)>",
  "<a href='https://ok.example' onmouseover='__xss(62)'>ok</a>",
];

/** Action URLs that are https, but try to break out of the attribute they land in. */
const urlPayloads = [
  'https://sak.example/"><script>__xss(101)</script>',
  "https://sak.example/?q=<img src=x onerror=__xss(102)>",
  "https://sak.example/'onmouseover='__xss(103)",
];

test("no payload runs, in the inbox or on the dialog page", async ({ page, request }) => {
  test.setTimeout(180_000);
  expect(payloads.length).toBeGreaterThanOrEqual(50);
  const ids = await Promise.all(
    payloads.map((payload, index) =>
      createDialog(request, () => ({
        content: {
          title: { value: nb(`XSS ${index + 1}: ${payload}`) },
          summary: { value: nb(payload) },
          additionalInfo: { mediaType: "text/markdown", value: nb(`Før\n\n${payload}\n\nEtter`) },
        },
        attachments: [
          { displayName: nb(payload), urls: [{ url: "https://sak.example/vedlegg.pdf", consumerType: "Gui" }] },
        ],
        guiActions: [
          { action: "read", url: `https://sak.example/?q=${encodeURIComponent(payload)}`, priority: "Primary", title: nb(payload) },
          { action: "write", url: "https://sak.example/send", httpMethod: "POST", priority: "Secondary", title: nb(payload) },
        ],
      })),
    ),
  );

  // Action URLs that try to break out of their attribute are refused or shown harmlessly.
  for (const url of urlPayloads) {
    const attempt = createDialog(request, () => ({
      content: { title: { value: nb(`XSS ${ids.length + 1}: URL`) }, additionalInfo: { value: nb("Etter") } },
      guiActions: [{ action: "read", url, priority: "Primary", title: nb("Åpne") }],
    }));
    await attempt.then((id) => ids.push(id), (error: Error) => expect(error.message).toContain("create: 400"));
  }

  // Links that are not https never get in: the service-owner API refuses them.
  const token = await serviceOwnerToken(request);
  for (const url of ["javascript:__xss(201)", "data:text/html,<script>__xss(202)</script>", "http://sak.example/"]) {
    const refused = await request.post("/api/v1/serviceowner/dialogs", {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        serviceResource: "urn:altinn:resource:demo-skattemelding",
        party: persons.kari,
        content: { title: { value: nb("Lenke") } },
        guiActions: [{ action: "read", url, priority: "Primary", title: nb("Åpne") }],
      },
    });
    expect(refused.status(), url).toBe(400);
  }

  const ran: string[] = [];
  await page.exposeFunction("__xssReport", (what: string) => ran.push(what));
  await page.addInitScript(() => {
    (window as unknown as { __xss: (n: number) => void }).__xss = (n) =>
      (window as unknown as { __xssReport: (s: string) => void }).__xssReport(`payload ${n}`);
  });
  page.on("dialog", async (dialog) => {
    ran.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });

  /** Nothing on the page can run script: no handler attributes, no script URLs, no foreign scripts. */
  async function expectInert() {
    const found = await page.evaluate(() => {
      const problems: string[] = [];
      for (const element of document.body.querySelectorAll("*")) {
        for (const attribute of element.attributes) {
          if (attribute.name.startsWith("on")) problems.push(`${element.tagName} ${attribute.name}`);
          if (/^(href|src|action|formaction|data|srcdoc)$/.test(attribute.name)
            && /^\s*(javascript|data|vbscript):/i.test(attribute.value)) {
            problems.push(`${element.tagName} ${attribute.name}=${attribute.value}`);
          }
        }
      }
      for (const tag of ["iframe", "object", "embed", "svg", "img", "base", "meta[http-equiv]", "form[action^='javascript']"]) {
        if (document.querySelector(`main ${tag}`)) problems.push(tag);
      }
      // The page's own data scripts carry the payloads as escaped strings; an injected one is code.
      const scripts = [...document.querySelectorAll("script")].filter((script) =>
        /^\s*(parent\.)?__xss/.test(script.textContent ?? "") || script.src.startsWith("data:"));
      problems.push(...scripts.map((script) => `script: ${script.outerHTML.slice(0, 200)}`));
      return problems;
    });
    expect(found).toEqual([]);
  }

  await page.goto("/auth/login?return_to=/inbox");
  await page.getByRole("button", { name: /Kari Nordmann/ }).click();
  await expectHydrated(page);
  await expect(page.locator(".inbox-row", { hasText: /XSS \d+:/ })).toHaveCount(50);
  await expectInert();

  for (const [index, id] of ids.entries()) {
    await page.goto(`/inbox/${id}`);
    await expectHydrated(page);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`XSS ${index + 1}:`);
    await expect(page.locator(".additional-info")).toContainText("Etter");
    await page.locator(".additional-info").hover();
    await expectInert();
  }
  expect(ran).toEqual([]);
});
