//! `watchword pin …` against an Infobip profile: send, resend, verify, status, apps, templates.

use std::process::ExitCode;

use clap::{Args as ClapArgs, Subcommand};
use watchword_pin::PinClient;
use watchword_pin::infobip::{
    AppConfiguration, Application, Channel, EmailTemplate, InfobipClient, MessageTemplate,
};

use super::{ResendArgs, Target, connect, print_json, required};

/// `watchword pin apps`.
#[derive(Debug, ClapArgs)]
pub struct AppsArgs {
    #[command(flatten)]
    target: Target,
    #[command(subcommand)]
    command: AppsCommand,
}

#[derive(Debug, Subcommand)]
enum AppsCommand {
    /// Every application.
    List,
    /// One application.
    Get {
        /// The application id.
        id: String,
    },
    /// Create an application.
    Create(AppFields),
    /// Replace an application's name, state and configuration.
    Update {
        /// The application id.
        id: String,
        #[command(flatten)]
        fields: AppFields,
    },
}

#[derive(Debug, ClapArgs)]
struct AppFields {
    /// The application's name.
    #[arg(long)]
    name: String,
    /// Wrong PINs allowed per PIN.
    #[arg(long)]
    pin_attempts: Option<u32>,
    /// How long a PIN lives, e.g. 15m.
    #[arg(long)]
    ttl: Option<String>,
    /// Verify rate, e.g. 1/3s.
    #[arg(long)]
    verify_limit: Option<String>,
    /// Sends per application, e.g. 10000/1d.
    #[arg(long)]
    send_app_limit: Option<String>,
    /// Sends per number, e.g. 3/1d.
    #[arg(long)]
    send_number_limit: Option<String>,
    /// A verified PIN cannot be verified again.
    #[arg(long)]
    single_verification: bool,
    /// Create it disabled.
    #[arg(long)]
    disabled: bool,
}

impl AppFields {
    fn application(self) -> Application {
        Application {
            application_id: None,
            name: self.name,
            enabled: Some(!self.disabled),
            configuration: Some(AppConfiguration {
                pin_attempts: self.pin_attempts,
                allow_multiple_pin_verifications: Some(!self.single_verification),
                pin_time_to_live: self.ttl,
                verify_pin_limit: self.verify_limit,
                send_pin_per_application_limit: self.send_app_limit,
                send_pin_per_phone_number_limit: self.send_number_limit,
            }),
        }
    }
}

/// `watchword pin templates`.
#[derive(Debug, ClapArgs)]
pub struct TemplatesArgs {
    #[command(flatten)]
    target: Target,
    /// The application.
    #[arg(long)]
    app: String,
    #[command(subcommand)]
    command: TemplatesCommand,
}

#[derive(Debug, Subcommand)]
enum TemplatesCommand {
    /// The application's message templates.
    List,
    /// One template.
    Get {
        /// The message id.
        id: String,
    },
    /// Create a template (an email template with --email-template-id).
    Create(TemplateFields),
    /// Replace a template.
    Update {
        /// The message id.
        id: String,
        #[command(flatten)]
        fields: TemplateFields,
    },
}

#[derive(Debug, ClapArgs)]
struct TemplateFields {
    /// The text, with {{pin}} where the PIN goes.
    #[arg(long, default_value = "Your code is {{pin}}")]
    text: String,
    /// NUMERIC, ALPHA, HEX or ALPHANUMERIC.
    #[arg(long, default_value = "NUMERIC")]
    pin_type: String,
    /// How many characters.
    #[arg(long, default_value_t = 6)]
    length: u32,
    /// The sender shown on the phone.
    #[arg(long)]
    sender: Option<String>,
    /// The language.
    #[arg(long)]
    language: Option<String>,
    /// Voice speed, 0.5–2.
    #[arg(long)]
    speech_rate: Option<f64>,
    /// Email: the email product's template id.
    #[arg(long)]
    email_template_id: Option<u64>,
    /// Email: the sender address.
    #[arg(long)]
    from: Option<String>,
}

impl TemplateFields {
    fn message(&self) -> MessageTemplate {
        MessageTemplate {
            message_text: self.text.clone(),
            pin_type: Some(self.pin_type.clone()),
            pin_length: Some(self.length),
            sender_id: self.sender.clone(),
            language: self.language.clone(),
            speech_rate: self.speech_rate,
            ..MessageTemplate::default()
        }
    }

    fn email(&self, template_id: u64) -> anyhow::Result<EmailTemplate> {
        Ok(EmailTemplate {
            email_template_id: template_id,
            from: required(&self.from, "--from")?.to_owned(),
            pin_length: Some(self.length),
            pin_type: Some(self.pin_type.clone()),
            ..EmailTemplate::default()
        })
    }
}

fn client_of(target: &Target) -> anyhow::Result<InfobipClient> {
    match connect(target)?.1 {
        PinClient::Infobip(client) => Ok(client),
        _ => anyhow::bail!("profile {:?} is not an Infobip profile", target.profile),
    }
}

/// Sends a PIN again.
pub async fn resend(args: ResendArgs) -> anyhow::Result<ExitCode> {
    let channel: Channel = args.method.parse().map_err(anyhow::Error::msg)?;
    print_json(&client_of(&args.target)?.resend(channel, &args.id).await?)
}

/// Application commands.
pub async fn apps(args: AppsArgs) -> anyhow::Result<ExitCode> {
    let client = client_of(&args.target)?;
    match args.command {
        AppsCommand::List => print_json(&client.applications().await?),
        AppsCommand::Get { id } => print_json(&client.application(&id).await?),
        AppsCommand::Create(fields) => {
            print_json(&client.create_application(&fields.application()).await?)
        }
        AppsCommand::Update { id, fields } => print_json(
            &client
                .update_application(&id, &fields.application())
                .await?,
        ),
    }
}

/// Template commands.
pub async fn templates(args: TemplatesArgs) -> anyhow::Result<ExitCode> {
    let client = client_of(&args.target)?;
    let app = &args.app;
    match args.command {
        TemplatesCommand::List => print_json(&client.templates(app).await?),
        TemplatesCommand::Get { id } => print_json(&client.template(app, &id).await?),
        TemplatesCommand::Create(fields) => match fields.email_template_id {
            Some(template_id) => print_json(
                &client
                    .create_email_template(app, &fields.email(template_id)?)
                    .await?,
            ),
            None => print_json(&client.create_template(app, &fields.message()).await?),
        },
        TemplatesCommand::Update { id, fields } => match fields.email_template_id {
            Some(template_id) => print_json(
                &client
                    .update_email_template(app, &id, &fields.email(template_id)?)
                    .await?,
            ),
            None => print_json(&client.update_template(app, &id, &fields.message()).await?),
        },
    }
}
