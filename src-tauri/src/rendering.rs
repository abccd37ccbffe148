//! How WebKitGTK draws Watchword's windows: without GPU compositing.
//!
//! WebKitGTK composites every frame through OpenGL by default; on a machine
//! without a GPU driver (a VM, a remote desktop, Xvfb) that is Mesa's
//! llvmpipe, and each frame (one a second, when the seconds left move) costs
//! about twice what painting only the changed pixels does, plus ~70 MiB of GL
//! buffers. A list of codes has no animation that needs a GPU, so Watchword's
//! windows paint in software (README, `make bench-desktop`: idle CPU and
//! memory). `WATCHWORD_GPU=1` keeps WebKit's default, to compare.
//!
//! The policy must be set before the web view loads anything (changed during
//! a load, WebKit leaves the page blank), so windows are created on
//! `about:blank` and sent to their page once it is set.

use tauri::{Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

/// Whether the user asked for WebKit's default (GPU compositing).
fn gpu_wanted() -> bool {
    std::env::var_os("WATCHWORD_GPU").is_some_and(|value| value == "1")
}

/// The page a window starts on before `load` sends it to the app's page.
pub(crate) fn blank() -> WebviewUrl {
    WebviewUrl::External("about:blank".parse().expect("about:blank is a URL"))
}

/// Builds the window `builder` describes, started on [`blank`], then loads
/// `page` (a path inside the app, such as `index.html#quick`) in it, painting
/// in software unless `WATCHWORD_GPU=1`.
pub(crate) fn open<R: Runtime>(
    builder: WebviewWindowBuilder<'_, R, impl Manager<R>>,
    page: &str,
) -> tauri::Result<WebviewWindow<R>> {
    let window = builder.build()?;
    let url = app_url(page);
    let software = !gpu_wanted();
    let load = url.clone();
    window.with_webview(move |webview| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            let view = webview.inner();
            if software && let Some(settings) = view.settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
            view.load_uri(&load);
        }
        #[cfg(not(target_os = "linux"))]
        let _ = (webview, &load, software);
    })?;
    #[cfg(not(target_os = "linux"))]
    window.navigate(url.parse().expect("the app's URL parses"))?;
    Ok(window)
}

/// Where the app's own pages are served (Tauri's custom protocol).
fn app_url(page: &str) -> String {
    if cfg!(any(target_os = "windows", target_os = "android")) {
        format!("http://tauri.localhost/{page}")
    } else {
        format!("tauri://localhost/{page}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_served_by_the_app_protocol() {
        let url = app_url("index.html#quick");
        assert!(url.ends_with("://localhost/index.html#quick"), "{url}");
    }
}
