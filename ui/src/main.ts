import { mount } from "svelte";
import App from "./App.svelte";
import QuickPick from "./components/QuickPick.svelte";
import "./app.css";
import { setLanguage } from "./lib/i18n.svelte";
import { applyTheme } from "./lib/theme";

// The desktop's theme and language from the first frame; the settings,
// once read, may choose others.
applyTheme("system");
const language = setLanguage("system");

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
// The quick pick's window loads the same page as `index.html#quick`. In
// another language than English, its catalog is fetched first (a local file:
// a few milliseconds), so the first frame is already in that language.
language.then(() => (location.hash === "#quick" ? mount(QuickPick, { target }) : mount(App, { target })));
