/** The e-mails Atelier writes, in Dutch, French and English. */
import type { Language } from '../../shared/api.js';
import type { OutgoingMail } from './outbox.js';
import type { DecidedSuggestion, DecisionDetails } from '../../shared/comments/api.js';

const ROLE_NAMES: Record<Language, Record<string, string>> = {
  en: { admin: 'administrator', staff: 'staff', partner: 'partner', reader: 'reader' },
  nl: { admin: 'beheerder', staff: 'medewerker', partner: 'partner', reader: 'lezer' },
  fr: { admin: 'administrateur', staff: 'équipe', partner: 'partenaire', reader: 'lecteur' },
};

/** A language of ours, or English. */
export function mailLanguage(locale: string | null | undefined): Language {
  return locale === 'nl' || locale === 'fr' ? locale : 'en';
}

/** The invitation e-mail. */
export function invitationMail(lang: Language, input: { to: string; inviter: string; workspace: string; role: string; url: string }): OutgoingMail {
  const role = ROLE_NAMES[lang][input.role] ?? input.role;
  const texts: Record<Language, { subject: string; body: string }> = {
    en: {
      subject: `Invitation to “${input.workspace}” on Atelier`,
      body: `${input.inviter} invites you to join “${input.workspace}” on Atelier as ${role}.\n\nAccept the invitation here (the link works once, for 7 days):\n${input.url}\n`,
    },
    nl: {
      subject: `Uitnodiging voor “${input.workspace}” op Atelier`,
      body: `${input.inviter} nodigt je uit voor “${input.workspace}” op Atelier, als ${role}.\n\nAanvaard de uitnodiging hier (de link werkt één keer, 7 dagen lang):\n${input.url}\n`,
    },
    fr: {
      subject: `Invitation à « ${input.workspace} » sur Atelier`,
      body: `${input.inviter} vous invite à rejoindre « ${input.workspace} » sur Atelier, comme ${role}.\n\nAcceptez l’invitation ici (le lien fonctionne une fois, pendant 7 jours) :\n${input.url}\n`,
    },
  };
  return { to: input.to, ...texts[lang] };
}

/** The password-reset e-mail. */
export function passwordResetMail(lang: Language, input: { to: string; url: string }): OutgoingMail {
  const texts: Record<Language, { subject: string; body: string }> = {
    en: {
      subject: 'Choose a new Atelier password',
      body: `Someone asked to reset the password of this account on Atelier. If it was you, choose a new password here (the link works once, for 1 hour):\n${input.url}\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n`,
    },
    nl: {
      subject: 'Kies een nieuw wachtwoord voor Atelier',
      body: `Iemand vroeg om het wachtwoord van deze account op Atelier opnieuw in te stellen. Was jij het, kies dan hier een nieuw wachtwoord (de link werkt één keer, 1 uur lang):\n${input.url}\n\nWas jij het niet, negeer deze e-mail dan: je wachtwoord blijft zoals het is.\n`,
    },
    fr: {
      subject: 'Choisissez un nouveau mot de passe Atelier',
      body: `Quelqu’un a demandé à réinitialiser le mot de passe de ce compte sur Atelier. Si c’était vous, choisissez un nouveau mot de passe ici (le lien fonctionne une fois, pendant 1 heure) :\n${input.url}\n\nSinon, ignorez cet e-mail : votre mot de passe ne change pas.\n`,
    },
  };
  return { to: input.to, ...texts[lang] };
}

/** One line of a digest. */
export interface DigestItem {
  kind: string;
  actor: string | null;
  section: string | null;
  text: string;
  /** A decision's suggestions, told one sentence each. */
  decision?: DecisionDetails | null;
  url: string;
}

/**
 * The words of a decision, per language (the client's inbox has the same ones in its i18n
 * files). A suggestion is named by its kind, or, for kinds these words do not know, by what
 * it did to the text.
 */
const DECISION_WORDS: Record<
  Language,
  {
    verbs: Record<DecidedSuggestion['action'], (actor: string, what: string) => string>;
    nouns: Record<string, string>;
    quoted: (noun: string, text: string) => string;
    replaced: (removed: string, added: string) => string;
    within: (noun: string, text: string) => string;
    withReason: (sentence: string, reason: string) => string;
    reasonLine: (reason: string) => string;
  }
> = {
  en: {
    verbs: { accept: (a, w) => `${a} accepted your ${w}`, reject: (a, w) => `${a} rejected your ${w}`, withdraw: (a, w) => `${a} withdrew your ${w}` },
    nouns: { insertion: 'insertion', deletion: 'deletion', formatChange: 'formatting change', insert: 'new block', delete: 'removal of a block', split: 'split', join: 'join', retype: 'change of block type', suggestion: 'suggestion' },
    quoted: (noun, text) => `${noun} “${text}”`,
    replaced: (removed, added) => `replacement of “${removed}” with “${added}”`,
    within: (noun, text) => `${noun} in “${text}”`,
    withReason: (sentence, reason) => `${sentence}: ${reason}`,
    reasonLine: (reason) => `Reason: ${reason}`,
  },
  nl: {
    verbs: { accept: (a, w) => `${a} aanvaardde je ${w}`, reject: (a, w) => `${a} weigerde je ${w}`, withdraw: (a, w) => `${a} trok je ${w} in` },
    nouns: { insertion: 'invoeging', deletion: 'schrapping', formatChange: 'opmaakwijziging', insert: 'nieuwe blok', delete: 'verwijdering van een blok', split: 'splitsing', join: 'samenvoeging', retype: 'wijziging van bloktype', suggestion: 'voorstel' },
    quoted: (noun, text) => `${noun} “${text}”`,
    replaced: (removed, added) => `vervanging van “${removed}” door “${added}”`,
    within: (noun, text) => `${noun} in “${text}”`,
    withReason: (sentence, reason) => `${sentence}: ${reason}`,
    reasonLine: (reason) => `Reden: ${reason}`,
  },
  fr: {
    verbs: { accept: (a, w) => `${a} a accepté votre ${w}`, reject: (a, w) => `${a} a refusé votre ${w}`, withdraw: (a, w) => `${a} a retiré votre ${w}` },
    nouns: { insertion: 'insertion', deletion: 'suppression', formatChange: 'modification de mise en forme', insert: 'nouveau bloc', delete: 'suppression de bloc', split: 'scission', join: 'fusion', retype: 'changement de type de bloc', suggestion: 'suggestion' },
    quoted: (noun, text) => `${noun} « ${text} »`,
    replaced: (removed, added) => `remplacement de « ${removed} » par « ${added} »`,
    within: (noun, text) => `${noun} dans « ${text} »`,
    withReason: (sentence, reason) => `${sentence} : ${reason}`,
    reasonLine: (reason) => `Motif : ${reason}`,
  },
};

/**
 * A decision as sentences in `lang`: one per suggestion ("Thomas Peeters accepted your
 * insertion “Partners willen…”"), the reason after a single one, or on a line of its own
 * after several.
 */
export function decisionSentences(lang: Language, actor: string, details: DecisionDetails): string[] {
  const words = DECISION_WORDS[lang];
  const sentences = details.suggestions.map((s) => {
    const noun = words.nouns[s.kind && Object.hasOwn(words.nouns, s.kind) ? s.kind : s.added ? 'insertion' : s.removed ? 'deletion' : 'suggestion'];
    const text = s.added || s.removed;
    const what = s.added && s.removed ? words.replaced(s.removed, s.added) : text ? words.quoted(noun, text) : s.context ? words.within(noun, s.context) : noun;
    return words.verbs[s.action](actor, what);
  });
  if (!details.reason) return sentences;
  if (sentences.length === 1) return [words.withReason(sentences[0], details.reason)];
  return [...sentences, words.reasonLine(details.reason)];
}

const DIGEST_KINDS: Record<Language, Record<string, string>> = {
  en: { mention: 'mentioned you', reply: 'replied in a thread', decision: 'decided on your suggestion', 'approval-request': 'asks for approval', 'approval-review': 'reviewed your request' },
  nl: { mention: 'vermeldde je', reply: 'antwoordde in een gesprek', decision: 'besliste over je voorstel', 'approval-request': 'vraagt goedkeuring', 'approval-review': 'beoordeelde je aanvraag' },
  fr: { mention: 'vous a mentionné', reply: 'a répondu dans une discussion', decision: 'a statué sur votre suggestion', 'approval-request': 'demande une approbation', 'approval-review': 'a examiné votre demande' },
};

/** The digest e-mail: the unread inbox since the last one, as plain text. */
export function digestMail(lang: Language, input: { to: string; items: DigestItem[]; inboxUrl: string }): OutgoingMail {
  const someone = { en: 'Someone', nl: 'Iemand', fr: 'Quelqu’un' }[lang];
  const lines = input.items.map((item) => {
    if (item.decision?.suggestions.length) {
      const where = item.section ? ` — ${item.section}` : '';
      return `${decisionSentences(lang, item.actor ?? someone, item.decision).map((sentence) => `• ${sentence}`).join('\n')}${where}\n  ${item.url}`;
    }
    const where = item.section ? ` — ${item.section}` : '';
    const excerpt = item.text ? `\n  “${item.text.replace(/\s+/g, ' ').slice(0, 200)}”` : '';
    return `• ${item.actor ?? someone} ${DIGEST_KINDS[lang][item.kind] ?? item.kind}${where}${excerpt}\n  ${item.url}`;
  });
  const count = input.items.length;
  const texts: Record<Language, { subject: string; intro: string; outro: string }> = {
    en: { subject: `Atelier: ${count} new ${count === 1 ? 'notification' : 'notifications'}`, intro: 'New in your Atelier inbox:', outro: `Your inbox: ${input.inboxUrl}\nChange how often you get these e-mails in your profile.` },
    nl: { subject: `Atelier: ${count} ${count === 1 ? 'nieuwe melding' : 'nieuwe meldingen'}`, intro: 'Nieuw in je Atelier-inbox:', outro: `Je inbox: ${input.inboxUrl}\nKies in je profiel hoe vaak je deze e-mails krijgt.` },
    fr: { subject: `Atelier : ${count} ${count === 1 ? 'nouvelle notification' : 'nouvelles notifications'}`, intro: 'Nouveau dans votre boîte Atelier :', outro: `Votre boîte : ${input.inboxUrl}\nChoisissez la fréquence de ces e-mails dans votre profil.` },
  };
  const text = texts[lang];
  return { to: input.to, subject: text.subject, body: `${text.intro}\n\n${lines.join('\n\n')}\n\n${text.outro}\n` };
}
