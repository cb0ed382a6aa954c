/**
 * The demo content (CONTRACT.md, "Demo content"): organisations, accounts and two
 * workspaces whose drafts are written for this project, in Dutch and French.
 * Partner association A is "Buurtwerk Noordwijk", partner association B is
 * "Maison de quartier Helmet" (both invented for the demo).
 */
import type { Role } from '../../shared/permissions.js';
import type { Language } from '../../shared/api.js';
import type { PmNode } from './seedDoc.js';

export const DEMO_ORGANISATIONS = {
  trust: { name: 'Community Land Trust Brussels', kind: 'trust' },
  partnerA: { name: 'Buurtwerk Noordwijk', kind: 'partner' },
  partnerB: { name: 'Maison de quartier Helmet', kind: 'partner' },
} as const;

/** The demo accounts; every one is a member of both workspaces in this role. */
export const DEMO_ACCOUNTS: readonly {
  email: string;
  password: string;
  name: string;
  role: Role;
  organisation: keyof typeof DEMO_ORGANISATIONS;
  isSiteAdmin: boolean;
}[] = [
  { email: 'admin@demo.atelier', password: 'demo-admin', name: 'Amira Benali', role: 'admin', organisation: 'trust', isSiteAdmin: true },
  { email: 'staff@demo.atelier', password: 'demo-staff', name: 'Thomas Peeters', role: 'staff', organisation: 'trust', isSiteAdmin: false },
  { email: 'partner@demo.atelier', password: 'demo-partner', name: 'Lotte Janssens', role: 'partner', organisation: 'partnerA', isSiteAdmin: false },
  { email: 'partner2@demo.atelier', password: 'demo-partner2', name: 'Julien Dubois', role: 'partner', organisation: 'partnerB', isSiteAdmin: false },
  { email: 'reader@demo.atelier', password: 'demo-reader', name: 'Sofia Haddad', role: 'reader', organisation: 'partnerB', isSiteAdmin: false },
];

/** One demo section: titles and drafts per language, children nested. */
export interface DemoSection {
  titles: Partial<Record<Language, string>>;
  drafts: Partial<Record<Language, PmNode>>;
  children?: DemoSection[];
  /**
   * The demo's one outdated translation (issue 20): the other languages' passage was
   * translated from this earlier lead-language text, which the lead passage has since extended.
   */
  translatedFrom?: { lead: string };
}

/** One demo workspace. */
export interface DemoWorkspace {
  slug: string;
  name: string;
  languages: Language[];
  readersMayComment: boolean;
  sections: DemoSection[];
}

// Small builders; block ids are added when the section is created.
const text = (value: string, marks?: PmNode['marks']): PmNode => (marks ? { type: 'text', text: value, marks } : { type: 'text', text: value });
const bold = (value: string) => text(value, [{ type: 'bold' }]);
const p = (...content: (string | PmNode)[]): PmNode => ({
  type: 'paragraph',
  content: content.map((part) => (typeof part === 'string' ? text(part) : part)),
});
const listItems = (items: string[]) => items.map((item) => ({ type: 'listItem', content: [p(item)] }));
const ul = (...items: string[]): PmNode => ({ type: 'bulletList', content: listItems(items) });
const ol = (...items: string[]): PmNode => ({ type: 'orderedList', attrs: { start: 1 }, content: listItems(items) });
const table = (header: string[], ...rows: string[][]): PmNode => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: header.map((cell) => ({ type: 'tableHeader', content: [p(cell)] })) },
    ...rows.map((row) => ({ type: 'tableRow', content: row.map((cell) => ({ type: 'tableCell', content: [p(cell)] })) })),
  ],
});
const doc = (...content: PmNode[]): PmNode => ({ type: 'doc', content });

const TOOLBOX: DemoWorkspace = {
  slug: 'toolbox',
  name: 'Toolbox',
  languages: ['nl', 'fr'],
  readersMayComment: true,
  sections: [
    {
      titles: { nl: 'Over deze toolbox', fr: 'À propos de cette boîte à outils' },
      drafts: {
        nl: doc(
          p('Deze toolbox bundelt wat partnerorganisaties moeten weten om samen met de ', bold('Community Land Trust Brussels'), ' (CLTB) een woonproject op te zetten.'),
          p('Ze is een werk in uitvoering. Vroeger stuurden partners hun aanvullingen per e-mail; nu stellen ze wijzigingen rechtstreeks in de tekst voor, en het team van de CLTB keurt ze goed of wijst ze af.'),
        ),
        fr: doc(
          p('Cette boîte à outils rassemble ce que les associations partenaires doivent savoir pour monter un projet de logement avec le ', bold('Community Land Trust Brussels'), ' (CLTB).'),
          p("C'est un travail en cours. Autrefois, les partenaires envoyaient leurs ajouts par e-mail ; désormais, ils proposent leurs modifications directement dans le texte, et l'équipe du CLTB les accepte ou les refuse."),
        ),
      },
    },
    {
      titles: { nl: 'Hoe de Community Land Trust werkt', fr: 'Comment fonctionne le Community Land Trust' },
      drafts: {
        nl: doc(
          p('De CLTB koopt grond en blijft er eigenaar van. Gezinnen met een bescheiden inkomen kopen de woning die erop staat, tegen een prijs die ver onder de marktprijs ligt.'),
          ul(
            'De grond blijft voor altijd in handen van de trust.',
            'De woning is eigendom van het gezin, dat er zelf woont.',
            'Bij verkoop gaat de woning naar een volgend gezin, opnieuw betaalbaar.',
          ),
        ),
        fr: doc(
          p('Le CLTB achète des terrains et en reste propriétaire. Des ménages à revenus modestes achètent le logement construit dessus, à un prix bien inférieur à celui du marché.'),
          ul(
            'Le terrain reste pour toujours aux mains du trust.',
            'Le logement appartient au ménage, qui y habite lui-même.',
            'En cas de revente, le logement passe à un autre ménage, toujours à un prix abordable.',
          ),
        ),
      },
      children: [
        {
          titles: { nl: 'Grond en woning gescheiden', fr: 'Séparer le sol et le bâti' },
          drafts: {
            nl: doc(
              p('Het gezin krijgt een opstalrecht op de grond en koopt enkel de bakstenen. Daardoor daalt de aankoopprijs sterk.'),
              p('Wie verkoopt, krijgt de betaalde prijs terug, geïndexeerd, plus een kwart van de meerwaarde. De rest van de meerwaarde blijft in de woning, zodat ze betaalbaar blijft voor het volgende gezin.'),
              table(['Bij verkoop', 'Gaat naar'], ['Betaalde prijs, geïndexeerd', 'de verkoper'], ['25 % van de meerwaarde', 'de verkoper'], ['75 % van de meerwaarde', 'het volgende gezin (lagere prijs)']),
            ),
            fr: doc(
              p('Le ménage reçoit un droit de superficie sur le terrain et n\u2019achète que les briques. Le prix d\u2019achat baisse donc fortement.'),
              p('En cas de revente, le vendeur récupère le prix payé, indexé, plus un quart de la plus-value. Le reste de la plus-value reste dans le logement, qui demeure abordable pour le ménage suivant.'),
              table(['À la revente', 'Revient à'], ['Prix payé, indexé', 'au vendeur'], ['25 % de la plus-value', 'au vendeur'], ['75 % de la plus-value', 'au ménage suivant (prix réduit)']),
            ),
          },
        },
        {
          titles: { nl: 'Een bestuur in drie delen', fr: 'Un conseil d\u2019administration tripartite' },
          drafts: {
            nl: doc(
              p('De raad van bestuur telt drie gelijke groepen: bewoners van CLTB-woningen, mensen uit de buurt en het middenveld (waaronder de partnerverenigingen), en vertegenwoordigers van de overheid.'),
              p('Zo weegt niemand alleen op de beslissingen, en hebben partners een stem in hoe de trust groeit.'),
            ),
            fr: doc(
              p('Le conseil d\u2019administration compte trois groupes égaux : les habitants des logements du CLTB, des personnes du quartier et de la société civile (dont les associations partenaires), et des représentants des pouvoirs publics.'),
              p('Ainsi, personne ne décide seul.'),
            ),
          },
          // The Dutch sentence was extended after the French was written: one outdated passage.
          translatedFrom: { lead: 'Zo weegt niemand alleen op de beslissingen.' },
        },
      ],
    },
    {
      titles: { nl: 'Samen een woonproject voorbereiden', fr: 'Préparer ensemble un projet de logement' },
      drafts: {
        nl: doc(
          p('Een project begint lang voor de eerste steen. De partnervereniging kent de buurt en de gezinnen; de CLTB zorgt voor de grond, de bouwheer en de financiering.'),
          ol(
            'De CLTB stelt het project en de planning voor aan de partners.',
            'De partner informeert kandidaat-gezinnen uit de buurt.',
            'Toekomstige bewoners werken mee aan het ontwerp in werkgroepen.',
            'Na de oplevering blijft de partner betrokken bij het leven in het gebouw.',
          ),
        ),
        fr: doc(
          p('Un projet commence bien avant la première pierre. L\u2019association partenaire connaît le quartier et les ménages ; le CLTB apporte le terrain, le maître d\u2019ouvrage et le financement.'),
          ol(
            'Le CLTB présente le projet et son calendrier aux partenaires.',
            'Le partenaire informe les ménages candidats du quartier.',
            'Les futurs habitants participent à la conception en groupes de travail.',
            'Après la réception, le partenaire reste impliqué dans la vie de l\u2019immeuble.',
          ),
        ),
      },
      children: [
        {
          titles: { nl: 'Het traject van de kandidaten', fr: 'Le parcours des candidats' },
          drafts: {
            nl: doc(
              p('Kandidaten schrijven zich in op de wachtlijst van de CLTB. Hun inkomen moet onder de grenzen van de sociale huisvesting liggen.'),
              p('Veel gezinnen sparen samen in een spaargroep die een partnervereniging begeleidt. Zo bouwen ze het eigen inbreng op dat de bank vraagt.'),
            ),
            fr: doc(
              p('Les candidats s\u2019inscrivent sur la liste d\u2019attente du CLTB. Leurs revenus doivent se situer sous les plafonds du logement social.'),
              p('Beaucoup de ménages épargnent ensemble dans un groupe d\u2019épargne accompagné par une association partenaire. Ils constituent ainsi l\u2019apport personnel que demande la banque.'),
            ),
          },
        },
      ],
    },
    {
      titles: { nl: 'Instrumenten voor partners', fr: 'Outils pour les partenaires' },
      drafts: {
        nl: doc(
          ul(
            'Een infofiche voor gezinnen, in het Nederlands en het Frans.',
            'Een model van samenwerkingsovereenkomst tussen de CLTB en de partner.',
            'Een kalender van de infosessies in de buurt.',
          ),
          p('Mis je een instrument? Stel het hier voor: het team bekijkt elk voorstel.'),
        ),
        fr: doc(
          ul(
            'Une fiche d\u2019information pour les ménages, en néerlandais et en français.',
            'Un modèle de convention de partenariat entre le CLTB et le partenaire.',
            'Un calendrier des séances d\u2019information dans le quartier.',
          ),
          p('Un outil vous manque ? Proposez-le ici : l\u2019équipe examine chaque proposition.'),
        ),
      },
    },
  ],
};

// Articles (issue 24): the same block id in both languages is the same article; references point at it.
const ref = (target: string): PmNode => ({ type: 'articleRef', attrs: { target } });
const article = (id: string, title: string, ...body: PmNode[]): PmNode => ({
  type: 'article',
  attrs: { id },
  content: [{ type: 'articleHeading', content: title ? [text(title)] : [] }, ...body],
});
/** Points 1°, 2°, 3° of an article. */
const points = (...items: string[]): PmNode => ({ type: 'orderedList', attrs: { start: 1 }, content: listItems(items) });

/** The reglement's article ids, fixed so both languages and the references agree. */
export const REGLEMENT_ARTICLES = ['reg-art-object', 'reg-art-land', 'reg-art-allocation', 'reg-art-conditions', 'reg-art-resale'] as const;
const [OBJECT, LAND, ALLOCATION, CONDITIONS, RESALE] = REGLEMENT_ARTICLES;

const REGLEMENT: DemoWorkspace = {
  slug: 'reglement',
  name: 'Reglement',
  languages: ['nl', 'fr'],
  readersMayComment: false,
  sections: [
    {
      titles: { nl: 'Algemene bepalingen', fr: 'Dispositions générales' },
      drafts: {
        nl: doc(
          article(OBJECT, 'Voorwerp', p('Dit reglement regelt de toewijzing van de woningen van de Community Land Trust Brussels en de rechten en plichten van de eigenaars-bewoners.')),
          article(LAND, 'Grond en opstal', p('De grond blijft eigendom van de CLTB. De eigenaar van de woning krijgt een opstalrecht van vijftig jaar, dat wordt verlengd.')),
        ),
        fr: doc(
          article(OBJECT, 'Objet', p('Le présent règlement organise l\u2019attribution des logements du Community Land Trust Brussels ainsi que les droits et obligations des propriétaires-habitants.')),
          article(LAND, 'Terrain et superficie', p('Le terrain reste la propriété du CLTB. Le propriétaire du logement reçoit un droit de superficie de cinquante ans, qui est renouvelé.')),
        ),
      },
    },
    {
      titles: { nl: 'Toewijzing van de woningen', fr: 'Attribution des logements' },
      drafts: {
        nl: doc(
          article(ALLOCATION, 'Toewijzing', p('Een woning wordt toegewezen aan de kandidaat die het langst ingeschreven is en voldoet aan de voorwaarden van ', ref(CONDITIONS), ', rekening houdend met de grootte van het gezin.')),
          article(CONDITIONS, 'Voorwaarden', p('De kandidaat:'), points('heeft een inkomen onder de grens van de sociale huisvesting;', 'bezit geen andere woning;', 'gaat er zelf wonen.')),
          article(RESALE, 'Doorverkoop', p('Wie verkoopt, verkoopt aan een kandidaat die de CLTB aanwijst volgens ', ref(ALLOCATION), '. De grond blijft van de CLTB, zoals bepaald in ', ref(LAND), '.')),
        ),
        fr: doc(
          article(ALLOCATION, 'Attribution', p('Un logement est attribué au candidat inscrit depuis le plus longtemps qui remplit les conditions de l\u2019', ref(CONDITIONS), ', compte tenu de la taille du ménage.')),
          article(CONDITIONS, 'Conditions', p('Le candidat :'), points('a des revenus inférieurs au plafond du logement social ;', 'ne possède pas d\u2019autre logement ;', 'y habitera lui-même.')),
          article(RESALE, 'Revente', p('Le propriétaire qui vend, vend à un candidat désigné par le CLTB selon l\u2019', ref(ALLOCATION), '. Le terrain reste au CLTB, comme le prévoit l\u2019', ref(LAND), '.')),
        ),
      },
    },
  ],
};

/** The demo workspaces, in creation order. */
export const DEMO_WORKSPACES: readonly DemoWorkspace[] = [TOOLBOX, REGLEMENT];
