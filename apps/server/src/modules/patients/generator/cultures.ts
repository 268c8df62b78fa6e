// The name pools of the generated population: which cultures, how common each is, and what
// each brings (names, language, race and ethnicity, naming customs). Lists come from
// faker's locale definitions where faker has a romanized list; Chinese, Korean and Arabic
// names are romanized here, as a US registration desk usually records them, with a small
// share kept in the native script so Unicode names are exercised too.
import {
  ar,
  de,
  en,
  en_IN,
  en_NG,
  es_MX,
  fr,
  ko,
  pl,
  vi,
  yo_NG,
  zh_CN,
  type LocaleDefinition,
} from '@faker-js/faker';
import type { z } from 'zod';
import type { ethnicity, race } from '@meridian/contracts';

type Race = z.infer<typeof race>;
type Ethnicity = z.infer<typeof ethnicity>;

export interface NameList {
  female: readonly string[];
  male: readonly string[];
  family: readonly string[];
}

export interface Culture {
  id: string;
  /** Share of the population (relative). */
  weight: number;
  names: NameList;
  /** Sometimes the record is kept in the native script (王小明, 김민준, أحمد). */
  nativeNames?: { share: number; names: NameList; familyFirst: boolean };
  /** Common names drawn more often than the long tail (real name frequencies are skewed). */
  common?: { share: number; names: NameList };
  /** BCP 47 tag of the home language, the share that records it, and the share needing an interpreter. */
  language: { tag: string; recorded: number; interpreter: number };
  race: readonly (readonly [Race, number])[];
  ethnicity: Ethnicity;
  /** Married women often take the spouse's family name (the maiden name becomes a previous name). */
  takesSpouseName: number;
  /** How middle names are formed. */
  middle: 'western' | 'vietnamese' | 'none';
}

/** faker's lists, with their multi-word and empty entries kept: they are real names too. */
function fakerNames(def: LocaleDefinition): NameList {
  const first = def.person?.first_name;
  const generic = first?.generic ?? [];
  const clean = (list: readonly string[]) => list.filter((n) => n.trim().length > 0);
  return {
    female: clean(first?.female ?? generic),
    male: clean(first?.male ?? generic),
    family: clean(def.person?.last_name?.generic ?? []),
  };
}

// The most common US given and family names (Census 2010 surnames, SSA given names): a
// registration desk sees many Smiths and Johnsons, which search and matching must handle.
// prettier-ignore
const usCommon: NameList = {
  female: [
    'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah',
    'Karen', 'Lisa', 'Nancy', 'Betty', 'Sandra', 'Margaret', 'Ashley', 'Kimberly', 'Emily',
    'Donna', 'Michelle', 'Carol', 'Amanda', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca',
    'Sharon', 'Laura', 'Cynthia', 'Amy', 'Kathleen', 'Angela', 'Emma', 'Olivia', 'Ava',
  ],
  male: [
    'James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas',
    'Christopher', 'Charles', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven',
    'Andrew', 'Paul', 'Joshua', 'Kenneth', 'Kevin', 'Brian', 'George', 'Timothy', 'Ronald',
    'Jason', 'Edward', 'Jeffrey', 'Ryan', 'Jacob', 'Gary', 'Nicholas', 'Eric', 'Liam', 'Noah',
  ],
  family: [
    'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson',
    'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris',
    'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill',
    'Green', 'Adams', 'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips',
    'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook',
    'Rogers', 'Morgan', 'Cooper', 'Peterson', 'Reed', 'Bailey', 'Bell', 'Kelly', 'Howard',
    "O'Brien", "O'Connor", 'Sullivan', 'Washington', 'Brooks', 'Coleman', 'Jenkins', 'Russell',
  ],
};

// prettier-ignore
const hispanicCommon: NameList = {
  female: ['María', 'Guadalupe', 'Rosa', 'Ana', 'Carmen', 'Sofía', 'Lucía', 'Isabella', 'Camila'],
  male: ['José', 'Juan', 'Luis', 'Carlos', 'Jesús', 'Miguel', 'Jorge', 'Antonio', 'Alejandro'],
  family: [
    'García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez',
    'Ramírez', 'Torres', 'Flores', 'Rivera', 'Gómez', 'Díaz', 'Reyes', 'Morales', 'Cruz', 'Ortiz',
  ],
};

// prettier-ignore
const chinese: NameList = {
  female: [
    'Mei', 'Xiu Ying', 'Li Na', 'Jing', 'Xiaoling', 'Yan', 'Hui', 'Fang', 'Ying', 'Xin', 'Lan',
    'Qing', 'Wen', 'Yu Xuan', 'Zi Han', 'Ling', 'Xiaomei', 'Jiayi', 'Yuting', 'Shu Fen',
  ],
  male: [
    'Wei', 'Jun', 'Hao', 'Lei', 'Ming', 'Jian', 'Tao', 'Qiang', 'Xiaoming', 'Zhiwei', 'Bo',
    'Yong', 'Jie', 'Chen', 'Hong', 'Kai', 'Zihao', 'Haoran', 'Yuxuan', 'Jianguo',
  ],
  family: [
    'Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun',
    'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Gao', 'Luo', 'Zheng', 'Liang', 'Xie', 'Song', 'Tang',
    'Chan', 'Wong', 'Cheung', 'Lau', 'Ng',
  ],
};

// prettier-ignore
const korean: NameList = {
  female: [
    'Ji-woo', 'Seo-yeon', 'Min-ji', 'Soo-jin', 'Hye-jin', 'Eun-ji', 'Ji-hye', 'Yuna', 'Ha-eun',
    'Su-bin', 'Ji-min', 'Young-hee', 'Mi-kyung', 'Sun-hee', 'Da-eun',
  ],
  male: [
    'Min-jun', 'Seo-jun', 'Ji-hoon', 'Hyun-woo', 'Dong-hyun', 'Sung-min', 'Jae-won', 'Young-ho',
    'Jin-woo', 'Tae-yang', 'Joon-ho', 'Sang-hoon', 'Kyung-soo', 'Do-yoon', 'Woo-jin',
  ],
  family: [
    'Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Oh',
    'Seo', 'Shin', 'Kwon', 'Hwang', 'Ahn', 'Song', 'Yoo', 'Hong',
  ],
};

// prettier-ignore
const arabic: NameList = {
  female: [
    'Fatima', 'Aisha', 'Mariam', 'Layla', 'Noor', 'Huda', 'Amira', 'Yasmin', 'Salma', 'Rania',
    'Zainab', 'Hana', 'Leila', 'Samira', 'Dalia', 'Reem',
  ],
  male: [
    'Mohammed', 'Ahmed', 'Ali', 'Omar', 'Hassan', 'Hussein', 'Khalid', 'Youssef', 'Ibrahim',
    'Mustafa', 'Tariq', 'Karim', 'Samir', 'Walid', 'Nabil', 'Abdullah',
  ],
  family: [
    'Al-Sayed', 'Haddad', 'Khalil', 'Nasser', 'Hamdan', 'Mansour', 'Saleh', 'Abdallah',
    'Farouk', 'Qureshi', 'Hassan', 'Aziz', 'Rahman', 'El-Amin', 'Darwish', 'Bakr', 'Suleiman',
    'Othman', 'Yousef', 'Jaber',
  ],
};

export const cultures: readonly Culture[] = [
  {
    id: 'us_english',
    weight: 52,
    names: fakerNames(en),
    common: { share: 0.35, names: usCommon },
    language: { tag: 'en', recorded: 0.35, interpreter: 0 },
    race: [
      ['white', 70],
      ['black_or_african_american', 22],
      ['american_indian_or_alaska_native', 2],
      ['other', 3],
      ['asked_but_declined', 3],
    ],
    ethnicity: 'not_hispanic_or_latino',
    takesSpouseName: 0.75,
    middle: 'western',
  },
  {
    id: 'hispanic',
    weight: 18,
    names: fakerNames(es_MX),
    common: { share: 0.4, names: hispanicCommon },
    language: { tag: 'es', recorded: 0.6, interpreter: 0.22 },
    race: [
      ['white', 55],
      ['other', 30],
      ['american_indian_or_alaska_native', 5],
      ['asked_but_declined', 10],
    ],
    ethnicity: 'hispanic_or_latino',
    takesSpouseName: 0.15,
    middle: 'western',
  },
  {
    id: 'chinese',
    weight: 5,
    names: chinese,
    nativeNames: { share: 0.05, names: fakerNames(zh_CN), familyFirst: true },
    language: { tag: 'zh', recorded: 0.6, interpreter: 0.3 },
    race: [['asian', 100]],
    ethnicity: 'not_hispanic_or_latino',
    takesSpouseName: 0.1,
    middle: 'none',
  },
  {
    id: 'vietnamese',
    weight: 3,
    names: fakerNames(vi),
    language: { tag: 'vi', recorded: 0.65, interpreter: 0.35 },
    race: [['asian', 100]],
    ethnicity: 'not_hispanic_or_latino',
    takesSpouseName: 0.1,
    middle: 'vietnamese',
  },
  {
    id: 'korean',
    weight: 2,
    names: korean,
    nativeNames: { share: 0.04, names: fakerNames(ko), familyFirst: true },
    language: { tag: 'ko', recorded: 0.6, interpreter: 0.3 },
    race: [['asian', 100]],
    ethnicity: 'not_hispanic_or_latino',
    takesSpouseName: 0.05,
    middle: 'none',
  },
  {
    id: 'indian',
    weight: 4,
    names: fakerNames(en_IN),
    language: { tag: 'hi', recorded: 0.3, interpreter: 0.08 },
    race: [['asian', 100]],
    ethnicity: 'not_hispanic_or_latino',
    takesSpouseName: 0.6,
    middle: 'none',
  },
  {
    id: 'arabic',
    weight: 3,
    names: arabic,
    nativeNames: { share: 0.03, names: fakerNames(ar), familyFirst: false },
    language: { tag: 'ar', recorded: 0.55, interpreter: 0.25 },
    race: [
      ['white', 70],
      ['other', 25],
      ['asked_but_declined', 5],
    ],
    ethnicity: 'not_hispanic_or_latino',
    takesSpouseName: 0.05,
    middle: 'none',
  },
  {
    id: 'nigerian',
    weight: 3,
    names: {
      female: [...fakerNames(en_NG).female, ...fakerNames(yo_NG).female],
      male: [...fakerNames(en_NG).male, ...fakerNames(yo_NG).male],
      family: [...fakerNames(en_NG).family, ...fakerNames(yo_NG).family],
    },
    language: { tag: 'en', recorded: 0.3, interpreter: 0.02 },
    race: [['black_or_african_american', 100]],
    ethnicity: 'not_hispanic_or_latino',
    takesSpouseName: 0.7,
    middle: 'western',
  },
  {
    id: 'polish',
    weight: 3,
    names: fakerNames(pl),
    language: { tag: 'pl', recorded: 0.4, interpreter: 0.12 },
    race: [['white', 100]],
    ethnicity: 'not_hispanic_or_latino',
    takesSpouseName: 0.8,
    middle: 'none',
  },
  {
    id: 'german',
    weight: 3,
    names: fakerNames(de),
    language: { tag: 'de', recorded: 0.25, interpreter: 0.04 },
    race: [['white', 100]],
    ethnicity: 'not_hispanic_or_latino',
    takesSpouseName: 0.75,
    middle: 'western',
  },
  {
    id: 'french',
    weight: 2,
    names: fakerNames(fr),
    language: { tag: 'fr', recorded: 0.3, interpreter: 0.06 },
    race: [
      ['white', 85],
      ['black_or_african_american', 15],
    ],
    ethnicity: 'not_hispanic_or_latino',
    takesSpouseName: 0.6,
    middle: 'western',
  },
];

export const cultureWeights: readonly (readonly [Culture, number])[] = cultures.map((c) => [
  c,
  c.weight,
]);

/** Vietnamese middle names mark sex by custom: Thị for women, Văn for men (many others exist). */
export const vietnameseMiddle = {
  female: ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Kim'],
  male: ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Quang'],
} as const;
