//! `watchword pin send|verify|status` against a Sinch profile.

use std::process::ExitCode;

use anyhow::Context;
use watchword_pin::sinch::{Method, Report, SinchClient, SmsOptions, StartRequest, Status};
use zeroize::Zeroizing;

use super::{SendArgs, StatusArgs, VerifyArgs, print_json, print_outcome};

/// Starts a verification.
pub async fn send(client: &SinchClient, args: &SendArgs) -> anyhow::Result<ExitCode> {
    let method: Method = args.method.parse().map_err(anyhow::Error::msg)?;
    let mut request = StartRequest::new(&args.to, method);
    request.reference = args.reference.clone();
    request.custom = args.custom.clone();
    let code = match &args.code_file {
        Some(path) => Some(Zeroizing::new(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the code file {}", path.display()))?
                .trim()
                .to_owned(),
        )),
        None => None,
    };
    if args.code_type.is_some() || args.expiry.is_some() || code.is_some() {
        request.sms_options = Some(SmsOptions {
            expiry: args.expiry.clone(),
            code_type: args.code_type.clone(),
            code,
        });
    }
    print_json(&client.start(&request, args.language.as_deref()).await?)
}

/// Reports a code by id or by number.
pub async fn verify(client: &SinchClient, args: &VerifyArgs) -> anyhow::Result<ExitCode> {
    let method: Method = args.method.parse().map_err(anyhow::Error::msg)?;
    let report = Report::for_method(method, &args.code).map_err(anyhow::Error::msg)?;
    let answer = match (&args.id, &args.to) {
        (Some(id), _) => client.report_by_id(id, &report).await?,
        (None, Some(number)) => client.report_by_number(number, &report).await?,
        (None, None) => anyhow::bail!("give --id ID or --to NUMBER"),
    };
    let ok = answer.status == Status::Successful;
    print_outcome(&answer, ok)
}

/// Queries by id, reference or number.
pub async fn status(client: &SinchClient, args: &StatusArgs) -> anyhow::Result<ExitCode> {
    let answer = match (&args.id, &args.reference, &args.to) {
        (Some(id), _, _) => client.status_by_id(id).await?,
        (None, Some(reference), _) => client.status_by_reference(reference).await?,
        (None, None, Some(number)) => {
            let method: Method = args.method.parse().map_err(anyhow::Error::msg)?;
            client.status_by_identity(method, number).await?
        }
        _ => anyhow::bail!("give --id ID, --reference REF or --to NUMBER"),
    };
    print_json(&answer)
}
