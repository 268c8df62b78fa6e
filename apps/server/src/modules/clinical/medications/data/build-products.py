# Regenerates products.tsv from the PDDI-CDS drug groups (shared/data/ddi) and curated-products.tsv.
# Run: python3 build-products.py (from this folder's parent checkout; see SOURCE.md).
import csv, re, sys
D='/work/main/apps/server/src/modules/clinical/medications/data/'
ings={r['name'].lower():r['rxcui'] for r in csv.DictReader(open(D+'ingredients.tsv'),delimiter='\t')}
alias={'alendronic acid':'alendronate','naproxen sodium':'naproxen'}
salts=['sodium phosphate','sodium','potassium','hydrochloride','tartrate','calcium','tromethamine','bitartrate','sulfate','phosphate','acetate','hyclate','propionate','strontium']
def ing_of(n):
  n=n.strip().lower()
  if n in alias: n=alias[n]
  if n in ings: return ings[n]
  for s in salts:
    if n.endswith(' '+s):
      m=n[:-len(s)-1]
      if m in ings: return ings[m]
  raise SystemExit('no ingredient for '+n)
forms=[('Delayed Release Oral Tablet','Delayed Release Oral Tablet','oral','tablet'),
 ('Disintegrating Oral Tablet','Disintegrating Oral Tablet','oral','tablet'),
 ('Chewable Tablet','Chewable Tablet','oral','tablet'),
 ('Oral Tablet','Oral Tablet','oral','tablet'),
 ('Delayed Release Oral Capsule','Delayed Release Oral Capsule','oral','capsule'),
 ('Oral Capsule','Oral Capsule','oral','capsule'),
 ('Oral Solution','Oral Solution','oral','mL'),('Oral Suspension','Oral Suspension','oral','mL'),
 ('Injectable Solution','Injectable Solution','intravenous','mL'),('Injection','Injection','intravenous','mL'),
 ('Metered Dose Inhaler','Metered Dose Inhaler','inhalation','actuation'),
 ('Mucosal Spray','Mucosal Spray','sublingual','actuation')]
def parse(code,name,source):
  for suffix,form,route,unit in forms:
    if name.endswith(' '+suffix):
      body=name[:-len(suffix)-1]; break
  else: raise SystemExit('form? '+name)
  parts=[]
  for p in body.split(' / '):
    m=re.fullmatch(r'(.+?) ([0-9.]+) (MG|MCG)(?:/(ML|ACTUAT))?',p.strip())
    if not m: raise SystemExit('strength? '+name)
    n,amt,u,per=m.groups()
    mg=float(amt)/(1000 if u=='MCG' else 1)
    parts.append('%s=%s'%(ing_of(n),('%g'%mg)))
  tty='SCD'
  return [code,name,tty,form,route,unit,';'.join(parts),source]
rows={}
pat=re.compile(r'\t(ibuprofen|naproxen|aspirin|celecoxib|diclofenac|meloxicam|ketorolac|indomethacin|warfarin|digoxin|cyclosporine|omeprazole|pantoprazole|esomeprazole|lansoprazole|prednisone|prednisolone|methylprednisolone|dexamethasone|hydrocortisone|furosemide|bumetanide|torsemide|spironolactone|eplerenone|misoprostol)\t')
for line in open('/work/shared/data/ddi/pddi_rxnorm_drug_groups.tsv'):
  f=line.rstrip('\n').split('\t')
  if len(f)<4 or not pat.search(line): continue
  code,name=f[0],f[1]
  if ' / ' in name or 'Strontium' in name or 'Warfarin Sodium 2 MG/ML' in name: continue
  if not re.fullmatch(r'[A-Za-z ]+ [0-9.]+ MG(/ML)? (Oral Tablet|Oral Capsule|Delayed Release Oral (Tablet|Capsule)|Injectable Solution|Oral Suspension|Oral Solution)',name): continue
  m=re.search(r' ([0-9.]+) MG',name)
  if f[2]=='aspirin' and float(m.group(1))>1000: continue
  rows[code]=parse(code,name,'pddi-cds-ig')
for line in list(open(D+'curated-products.tsv'))[1:]:
  code,name,src=line.rstrip('\n').split('\t')
  if src=='skip': continue
  rows[code]=parse(code,name,src)
w=csv.writer(open(D+'products.tsv','w'),delimiter='\t',lineterminator='\n')
w.writerow(['rxcui','name','tty','dose_form','route','form_unit','ingredients_mg_per_unit','source'])
for r in sorted(rows.values(),key=lambda r:r[1].lower()): w.writerow(r)
print(len(rows))
