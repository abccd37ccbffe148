import { mount } from "svelte";
import App from "./App.svelte";
import QuickPick from "./components/QuickPick.svelte";
import "./app.css";
import { setLanguage } from "./lib/i18n.svelte";
import { applyTheme } from "./lib/theme";

// The desktop's theme and language from the first frame; the settings,
// once read, may choose others.
applyTheme("system");
setLanguage("system");

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
// The quick pick's window loads the same page as `index.html#quick`.
export default location.hash === "#quick" ? mount(QuickPick, { target }) : mount(App, { target });
