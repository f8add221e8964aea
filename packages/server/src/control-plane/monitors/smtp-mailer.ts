import { createTransport } from "nodemailer";
import type { Mailer } from "./alert-deliverer.js";

/** Where alert e-mails go out: an SMTP URL (`smtp://user:pass@host:587`, `smtps://…` for TLS) and the sender. */
export interface SmtpConfig {
  url: string;
  from: string;
}

/**
 * Sends alert e-mails through an SMTP server with nodemailer (the maintained Node mail library: pooling, STARTTLS,
 * authentication and the MIME encoding are its job). A refusal rejects with the SMTP reply code in `responseCode`,
 * which the deliverer uses to tell a permanent failure (5xx) from one worth retrying.
 */
export function createSmtpMailer(config: SmtpConfig): { mail: Mailer; close(): void } {
  const transport = createTransport(config.url, { from: config.from });
  return {
    mail: async (message) => {
      await transport.sendMail({
        from: config.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
    },
    close: () => transport.close(),
  };
}
