// US places for generated addresses and phones: real cities with their state, a ZIP code
// range and area codes that serve them, so addresses pass the postal code rule and phones
// pass libphonenumber's validity check. Weighted towards New York State, where the demo
// hospital is (Albany).

export interface Place {
  city: string;
  state: string;
  /** ZIP codes are drawn from [low, high]. */
  zip: readonly [number, number];
  areaCodes: readonly number[];
  weight: number;
}

// prettier-ignore
export const places: readonly Place[] = [
  { city: 'Albany', state: 'NY', zip: [12202, 12210], areaCodes: [518], weight: 14 },
  { city: 'Schenectady', state: 'NY', zip: [12302, 12309], areaCodes: [518], weight: 5 },
  { city: 'Troy', state: 'NY', zip: [12180, 12182], areaCodes: [518], weight: 4 },
  { city: 'Saratoga Springs', state: 'NY', zip: [12866, 12866], areaCodes: [518], weight: 2 },
  { city: 'New York', state: 'NY', zip: [10001, 10040], areaCodes: [212, 646, 917], weight: 10 },
  { city: 'Brooklyn', state: 'NY', zip: [11201, 11239], areaCodes: [718, 347, 929], weight: 8 },
  { city: 'Bronx', state: 'NY', zip: [10451, 10475], areaCodes: [718, 347], weight: 5 },
  { city: 'Buffalo', state: 'NY', zip: [14201, 14222], areaCodes: [716], weight: 3 },
  { city: 'Rochester', state: 'NY', zip: [14604, 14626], areaCodes: [585], weight: 3 },
  { city: 'Syracuse', state: 'NY', zip: [13202, 13224], areaCodes: [315, 680], weight: 2 },
  { city: 'Yonkers', state: 'NY', zip: [10701, 10710], areaCodes: [914], weight: 2 },
  { city: 'Newark', state: 'NJ', zip: [7102, 7114], areaCodes: [973, 862], weight: 2 },
  { city: 'Jersey City', state: 'NJ', zip: [7302, 7311], areaCodes: [201, 551], weight: 2 },
  { city: 'Boston', state: 'MA', zip: [2108, 2137], areaCodes: [617, 857], weight: 3 },
  { city: 'Worcester', state: 'MA', zip: [1602, 1610], areaCodes: [508, 774], weight: 1 },
  { city: 'Providence', state: 'RI', zip: [2903, 2909], areaCodes: [401], weight: 1 },
  { city: 'Hartford', state: 'CT', zip: [6103, 6120], areaCodes: [860, 959], weight: 1 },
  { city: 'Burlington', state: 'VT', zip: [5401, 5408], areaCodes: [802], weight: 1 },
  { city: 'Philadelphia', state: 'PA', zip: [19102, 19154], areaCodes: [215, 267], weight: 3 },
  { city: 'Pittsburgh', state: 'PA', zip: [15201, 15235], areaCodes: [412, 878], weight: 2 },
  { city: 'Baltimore', state: 'MD', zip: [21201, 21231], areaCodes: [410, 443], weight: 2 },
  { city: 'Washington', state: 'DC', zip: [20001, 20020], areaCodes: [202], weight: 2 },
  { city: 'Richmond', state: 'VA', zip: [23219, 23235], areaCodes: [804], weight: 1 },
  { city: 'Charlotte', state: 'NC', zip: [28202, 28277], areaCodes: [704, 980], weight: 2 },
  { city: 'Raleigh', state: 'NC', zip: [27601, 27617], areaCodes: [919, 984], weight: 1 },
  { city: 'Atlanta', state: 'GA', zip: [30303, 30350], areaCodes: [404, 678, 470], weight: 2 },
  { city: 'Miami', state: 'FL', zip: [33125, 33186], areaCodes: [305, 786], weight: 2 },
  { city: 'Orlando', state: 'FL', zip: [32801, 32839], areaCodes: [407, 321], weight: 1 },
  { city: 'Tampa', state: 'FL', zip: [33602, 33629], areaCodes: [813], weight: 1 },
  { city: 'Jacksonville', state: 'FL', zip: [32202, 32258], areaCodes: [904], weight: 1 },
  { city: 'Chicago', state: 'IL', zip: [60601, 60661], areaCodes: [312, 773, 872], weight: 3 },
  { city: 'Detroit', state: 'MI', zip: [48201, 48235], areaCodes: [313], weight: 1 },
  { city: 'Cleveland', state: 'OH', zip: [44102, 44135], areaCodes: [216], weight: 1 },
  { city: 'Columbus', state: 'OH', zip: [43201, 43232], areaCodes: [614, 380], weight: 1 },
  { city: 'Indianapolis', state: 'IN', zip: [46201, 46260], areaCodes: [317], weight: 1 },
  { city: 'Milwaukee', state: 'WI', zip: [53202, 53233], areaCodes: [414], weight: 1 },
  { city: 'Minneapolis', state: 'MN', zip: [55401, 55455], areaCodes: [612], weight: 1 },
  { city: 'St. Louis', state: 'MO', zip: [63101, 63139], areaCodes: [314], weight: 1 },
  { city: 'Nashville', state: 'TN', zip: [37201, 37221], areaCodes: [615, 629], weight: 1 },
  { city: 'Louisville', state: 'KY', zip: [40202, 40299], areaCodes: [502], weight: 1 },
  { city: 'New Orleans', state: 'LA', zip: [70112, 70131], areaCodes: [504], weight: 1 },
  { city: 'Houston', state: 'TX', zip: [77002, 77099], areaCodes: [713, 832, 281], weight: 2 },
  { city: 'Dallas', state: 'TX', zip: [75201, 75254], areaCodes: [214, 469, 972], weight: 2 },
  { city: 'San Antonio', state: 'TX', zip: [78201, 78260], areaCodes: [210, 726], weight: 1 },
  { city: 'Austin', state: 'TX', zip: [78701, 78759], areaCodes: [512, 737], weight: 1 },
  { city: 'El Paso', state: 'TX', zip: [79901, 79938], areaCodes: [915], weight: 1 },
  { city: 'Denver', state: 'CO', zip: [80202, 80239], areaCodes: [303, 720], weight: 1 },
  { city: 'Phoenix', state: 'AZ', zip: [85003, 85054], areaCodes: [602, 480, 623], weight: 1 },
  { city: 'Albuquerque', state: 'NM', zip: [87102, 87123], areaCodes: [505], weight: 1 },
  { city: 'Salt Lake City', state: 'UT', zip: [84101, 84121], areaCodes: [801, 385], weight: 1 },
  { city: 'Las Vegas', state: 'NV', zip: [89101, 89149], areaCodes: [702, 725], weight: 1 },
  { city: 'Los Angeles', state: 'CA', zip: [90001, 90089], areaCodes: [213, 323, 310], weight: 3 },
  { city: 'San Diego', state: 'CA', zip: [92101, 92139], areaCodes: [619, 858], weight: 1 },
  { city: 'San Jose', state: 'CA', zip: [95110, 95139], areaCodes: [408, 669], weight: 1 },
  { city: 'San Francisco', state: 'CA', zip: [94102, 94134], areaCodes: [415, 628], weight: 1 },
  { city: 'Seattle', state: 'WA', zip: [98101, 98199], areaCodes: [206], weight: 1 },
  { city: 'Portland', state: 'OR', zip: [97201, 97233], areaCodes: [503, 971], weight: 1 },
  { city: 'Honolulu', state: 'HI', zip: [96813, 96825], areaCodes: [808], weight: 1 },
  { city: 'Anchorage', state: 'AK', zip: [99501, 99518], areaCodes: [907], weight: 1 },
];

export const placeWeights: readonly (readonly [Place, number])[] = places.map((p) => [p, p.weight]);

/** Street name endings a US address uses (faker's list has rarities such as "Burgs"). */
export const streetSuffixes = [
  'Street',
  'Street',
  'Avenue',
  'Avenue',
  'Road',
  'Drive',
  'Lane',
  'Court',
  'Place',
  'Boulevard',
  'Way',
  'Terrace',
  'Parkway',
] as const;
