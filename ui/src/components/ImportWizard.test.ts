import { afterEach, describe, expect, it } from "vitest";
import { flushSync, mount, tick } from "svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ImportWizard from "./ImportWizard.svelte";

afterEach(() => {
  clearMocks();
  document.body.innerHTML = "";
});

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  await new Promise((r) => setTimeout(r, 0));
  flushSync();
}

const candidate = (issuer: string, duplicate = false) => ({
  issuer,
  name: "alice",
  type: "totp",
  algorithm: "SHA1",
  digits: 6,
  period: 30,
  counter: null,
  duplicate,
});

const view = {
  format: "Aegis",
  new: [candidate("Deno"), candidate("SPDX")],
  duplicates: [candidate("Airbnb", true)],
  rejected: [{ label: "Raivo entry", reason: "secret: not base32" }],
};

function render(onimported: (n: number) => void = () => {}) {
  const target = document.createElement("div");
  document.body.append(target);
  mount(ImportWizard, { target, props: { onimported } });
  return target;
}

const click = (target: HTMLElement, id: string) => target.querySelector<HTMLButtonElement>(`[data-testid=${id}]`)!.click();

describe("ImportWizard", () => {
  it("asks for the password of an encrypted file, shows new, duplicate and rejected entries, then imports", async () => {
    const reads: Array<{ format: string | null; password: string | null }> = [];
    let imported = -1;
    mockIPC((cmd, args: any) => {
      if (cmd === "import_formats") return [{ name: "aegis", title: "Aegis" }];
      if (cmd === "import_pick") return { fileName: "aegis_encrypted.json", format: "aegis" };
      if (cmd === "import_read") {
        reads.push(args);
        if (!args.password) throw { kind: "import_password_required", message: "this Aegis file is encrypted; give its password" };
        if (args.password !== "test") throw { kind: "import_wrong_password", message: "wrong password for this Aegis file" };
        return view;
      }
      if (cmd === "import_confirm") return 2;
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const target = render((n) => (imported = n));
    await settle();
    click(target, "import-pick");
    await settle();
    expect(target.querySelector("[data-testid=import-error]")!.textContent).toContain("encrypted");
    const password = target.querySelector<HTMLInputElement>("[data-testid=import-password]")!;
    password.value = "nope";
    password.dispatchEvent(new Event("input"));
    click(target, "import-read");
    await settle();
    expect(target.querySelector("[data-testid=import-error]")!.textContent).toContain("Wrong password");
    password.value = "test";
    password.dispatchEvent(new Event("input"));
    click(target, "import-read");
    await settle();
    expect(reads.map((r) => r.password)).toEqual([null, "nope", "test"]);
    expect(target.querySelector("[data-testid=import-summary]")!.textContent).toContain("2 new, 1 already in Watchword, 1 cannot be imported");
    expect(target.querySelectorAll("[data-testid=candidate]").length).toBe(3);
    expect(target.querySelectorAll("[data-testid=duplicate]").length).toBe(1);
    expect(target.querySelector("[data-testid=problem]")!.textContent).toContain("not base32");
    click(target, "preview-confirm");
    await settle();
    expect(imported).toBe(2);
  });

  it("lets the user choose the format of a file it does not recognise", async () => {
    const reads: Array<{ format: string | null }> = [];
    mockIPC((cmd, args: any) => {
      if (cmd === "import_formats") return [{ name: "bitwarden", title: "Bitwarden" }];
      if (cmd === "import_pick") return { fileName: "export.dat", format: null };
      if (cmd === "import_read") {
        reads.push(args);
        return { ...view, format: "Bitwarden" };
      }
      throw { kind: "internal", message: `unexpected ${cmd}` };
    });
    const target = render();
    await settle();
    click(target, "import-pick");
    await settle();
    expect(reads).toEqual([]);
    const select = target.querySelector<HTMLSelectElement>("[data-testid=import-format]")!;
    select.value = "bitwarden";
    select.dispatchEvent(new Event("change"));
    click(target, "import-read");
    await settle();
    expect(reads[0].format).toBe("bitwarden");
    expect(target.querySelector("[data-testid=import-summary]")!.textContent).toContain("Bitwarden");
  });
});
