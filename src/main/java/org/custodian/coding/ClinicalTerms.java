package org.custodian.coding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What clinicians write that the classification says in other words: abbreviations ("HTN", "CHF",
 * "s/p" is handled as context) and common terms whose ICD-10-CM title reads differently ("coronary
 * artery disease" is atherosclerotic heart disease of native coronary artery; "stroke" a cerebral
 * infarction). Each is expanded into the title's words beside the note's own, so both can match.
 * Abbreviations match as written in capitals (or as listed), terms in any case.
 */
final class ClinicalTerms {

	/** Abbreviation as written, and what it stands for. */
	static final Map<String, String> ABBREVIATIONS = new LinkedHashMap<>();
	/** A phrase (lower case), and the classification's words for it. */
	static final Map<String, String> PHRASES = new LinkedHashMap<>();

	static {
		abbreviate("HTN", "hypertension");
		abbreviate("DM", "diabetes mellitus");
		abbreviate("DM2", "type 2 diabetes mellitus");
		abbreviate("T2DM", "type 2 diabetes mellitus");
		abbreviate("NIDDM", "type 2 diabetes mellitus");
		abbreviate("T1DM", "type 1 diabetes mellitus");
		abbreviate("IDDM", "type 1 diabetes mellitus");
		abbreviate("CHF", "congestive heart failure");
		abbreviate("CAD", "atherosclerotic heart disease native coronary artery");
		abbreviate("ASHD", "atherosclerotic heart disease native coronary artery");
		abbreviate("COPD", "chronic obstructive pulmonary disease");
		abbreviate("GERD", "gastro esophageal reflux disease");
		abbreviate("CKD", "chronic kidney disease");
		abbreviate("ESRD", "end stage renal disease");
		abbreviate("AKI", "acute kidney failure");
		abbreviate("ARF", "acute kidney failure");
		abbreviate("AF", "atrial fibrillation");
		abbreviate("AFib", "atrial fibrillation");
		abbreviate("A-fib", "atrial fibrillation");
		abbreviate("MI", "myocardial infarction");
		abbreviate("AMI", "acute myocardial infarction");
		abbreviate("STEMI", "st elevation myocardial infarction");
		abbreviate("NSTEMI", "non st elevation myocardial infarction");
		abbreviate("UTI", "urinary tract infection");
		abbreviate("URI", "acute upper respiratory infection");
		abbreviate("OSA", "obstructive sleep apnea");
		abbreviate("BPH", "benign prostatic hyperplasia");
		abbreviate("DVT", "embolism thrombosis deep vein");
		abbreviate("PE", "pulmonary embolism");
		abbreviate("CVA", "cerebral infarction");
		abbreviate("TIA", "transient cerebral ischemic attack");
		abbreviate("SOB", "shortness of breath");
		abbreviate("DOE", "dyspnea");
		abbreviate("HLD", "hyperlipidemia");
		abbreviate("OA", "osteoarthritis");
		abbreviate("DJD", "osteoarthritis");
		abbreviate("RA", "rheumatoid arthritis");
		abbreviate("ADHD", "attention deficit hyperactivity disorder");
		abbreviate("PTSD", "post traumatic stress disorder");
		abbreviate("MDD", "major depressive disorder");
		abbreviate("LBP", "low back pain");
		abbreviate("PNA", "pneumonia");
		abbreviate("CAP", "pneumonia");
		abbreviate("BPPV", "benign paroxysmal vertigo");
		abbreviate("ACL", "anterior cruciate ligament");
		abbreviate("SLE", "systemic lupus erythematosus");
		abbreviate("MS", "multiple sclerosis");
		abbreviate("HIV", "human immunodeficiency virus disease");
		abbreviate("IBS", "irritable bowel syndrome");
		abbreviate("PVD", "peripheral vascular disease");
		abbreviate("PAD", "peripheral vascular disease");
		abbreviate("SVT", "supraventricular tachycardia");
		abbreviate("CHB", "complete atrioventricular block");
		abbreviate("LVH", "left ventricular hypertrophy");
		abbreviate("ASD", "atrial septal defect");
		abbreviate("VSD", "ventricular septal defect");
		abbreviate("PDA", "patent ductus arteriosus");
		abbreviate("OM", "otitis media");
		abbreviate("AOM", "acute otitis media");
		abbreviate("GI", "gastrointestinal");
		abbreviate("LLQ", "left lower quadrant");
		abbreviate("RLQ", "right lower quadrant");
		abbreviate("LUQ", "left upper quadrant");
		abbreviate("RUQ", "right upper quadrant");
		abbreviate("N/V", "nausea with vomiting");
		abbreviate("BMI", "body mass index");
		abbreviate("SAH", "subarachnoid hemorrhage");
		abbreviate("ICH", "intracerebral hemorrhage");
		abbreviate("TBI", "traumatic brain injury");
		abbreviate("CP", "chest pain");
		abbreviate("fx", "fracture");
		abbreviate("Fx", "fracture");
		abbreviate("abd", "abdominal");
		abbreviate("LE", "lower limb");
		abbreviate("UE", "upper limb");

		phrase("cancer", "malignant neoplasm");
		phrase("carcinoma", "malignant neoplasm");
		phrase("adenocarcinoma", "malignant neoplasm");
		phrase("sarcoma", "malignant neoplasm");
		phrase("lymphoma", "lymphoma");
		phrase("metastatic", "secondary malignant neoplasm");
		phrase("metastasis", "secondary malignant neoplasm");
		phrase("metastases", "secondary malignant neoplasm");
		phrase("tumor", "neoplasm");
		phrase("mass", "neoplasm uncertain behavior");
		phrase("left", "unilateral");
		phrase("right", "unilateral");
		phrase("coronary artery disease", "atherosclerotic heart disease native coronary artery");
		phrase("heart attack", "myocardial infarction");
		phrase("high blood pressure", "hypertension");
		phrase("high cholesterol", "pure hypercholesterolemia");
		phrase("stroke", "cerebral infarction");
		phrase("kidney stone", "calculus kidney");
		phrase("kidney stones", "calculus kidney");
		phrase("nephrolithiasis", "calculus kidney");
		phrase("renal colic", "renal colic");
		phrase("ureterolithiasis", "calculus ureter");
		phrase("cholelithiasis", "calculus gallbladder");
		phrase("gallstones", "calculus gallbladder");
		phrase("choledocholithiasis", "calculus bile duct");
		phrase("degenerative joint disease", "osteoarthritis");
		phrase("degenerative disc disease", "intervertebral disc degeneration");
		phrase("sleep apnea", "sleep apnea");
		phrase("acid reflux", "gastro esophageal reflux disease");
		phrase("reflux", "gastro esophageal reflux disease");
		phrase("heart failure", "heart failure");
		phrase("renal insufficiency", "chronic kidney disease");
		phrase("renal failure", "kidney failure");
		phrase("morbid obesity", "morbid severe obesity excess calories");
		phrase("morbidly obese", "morbid severe obesity excess calories");
		phrase("obese", "obesity");
		phrase("overweight", "overweight");
		phrase("hypercholesterolemia", "pure hypercholesterolemia");
		phrase("dyslipidemia", "hyperlipidemia");
		phrase("low back pain", "low back pain");
		phrase("back pain", "dorsalgia");
		phrase("neck pain", "cervicalgia");
		phrase("knee pain", "pain knee");
		phrase("shoulder pain", "pain shoulder");
		phrase("hip pain", "pain hip");
		phrase("headaches", "headache");
		phrase("migraines", "migraine");
		phrase("anemia", "anemia");
		phrase("depression", "depression");
		phrase("anxiety", "anxiety disorder");
		phrase("seizure disorder", "epilepsy");
		phrase("seizures", "convulsions");
		phrase("fainting", "syncope collapse");
		phrase("syncope", "syncope collapse");
		phrase("fever", "fever");
		phrase("urinary retention", "retention urine");
		phrase("enlarged prostate", "benign prostatic hyperplasia");
		phrase("blood in the urine", "hematuria");
		phrase("pink eye", "conjunctivitis");
		phrase("strep throat", "streptococcal pharyngitis");
		phrase("sore throat", "pharyngitis");
		phrase("ear infection", "otitis media");
		phrase("chest wall pain", "chest wall pain");
		phrase("atypical chest pain", "other chest pain");
		phrase("noncardiac chest pain", "other chest pain");
		phrase("palpitations", "palpitations");
		phrase("tonsillitis", "tonsillitis");
		phrase("hypothyroid", "hypothyroidism");
		phrase("hyperthyroid", "hyperthyroidism");
		phrase("thyroid nodule", "nontoxic single thyroid nodule");
		phrase("breast mass", "lump breast");
		phrase("breast lump", "lump breast");
		phrase("pap smear", "abnormal cytological papanicolaou smear");
		phrase("menorrhagia", "excessive frequent menstruation regular cycle");
		phrase("heavy periods", "excessive frequent menstruation regular cycle");
		phrase("fibroids", "leiomyoma uterus");
		phrase("uterine fibroids", "leiomyoma uterus");
		phrase("ovarian cyst", "ovarian cyst");
		phrase("miscarriage", "spontaneous abortion");
		phrase("carpal tunnel", "carpal tunnel syndrome");
		phrase("trigger finger", "trigger finger");
		phrase("rotator cuff tear", "rotator cuff tear rupture");
		phrase("torn meniscus", "tear meniscus");
		phrase("meniscal tear", "tear meniscus");
		phrase("bunion", "hallux valgus");
		phrase("hernia", "hernia");
		phrase("appendicitis", "acute appendicitis");
		phrase("diverticulitis", "diverticulitis");
		phrase("hemorrhoids", "hemorrhoids");
		phrase("constipation", "constipation");
		phrase("diarrhea", "diarrhea");
		phrase("cellulitis", "cellulitis");
		phrase("abscess", "abscess");
		phrase("cataract", "cataract");
		phrase("glaucoma", "glaucoma");
		phrase("macular degeneration", "degeneration macula");
		phrase("dementia", "dementia");
		phrase("alzheimer's", "alzheimer disease");
		phrase("parkinson's", "parkinson disease");
		phrase("smoker", "nicotine dependence cigarettes");
		phrase("tobacco use", "nicotine dependence");
		phrase("alcohol abuse", "alcohol abuse");
		phrase("alcoholism", "alcohol dependence");
	}

	private ClinicalTerms() {}

	private static void abbreviate(String abbreviation, String meaning) {
		ABBREVIATIONS.put(abbreviation, meaning);
	}

	private static void phrase(String words, String meaning) {
		PHRASES.put(words, meaning);
	}

	/** An expansion found in a clause: the words it adds and the span they are credited to. */
	record Expansion(String words, int start, int end) {}

	/** The expansions in a clause: abbreviations as written, phrases in any case. */
	static List<Expansion> in(String clause) {
		List<Expansion> out = new java.util.ArrayList<>();
		ABBREVIATIONS.forEach((abbreviation, meaning) -> find(clause, abbreviation, meaning, out));
		String lower = clause.toLowerCase(java.util.Locale.ROOT);
		PHRASES.forEach((words, meaning) -> find(lower, words, meaning, out));
		return out;
	}

	private static void find(String text, String term, String meaning, List<Expansion> out) {
		int at = text.indexOf(term);
		while (at >= 0) {
			int end = at + term.length();
			boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
			boolean endsWord = end >= text.length() || !Character.isLetterOrDigit(text.charAt(end));
			if (startsWord && endsWord) {
				out.add(new Expansion(meaning, at, end));
			}
			at = text.indexOf(term, at + 1);
		}
	}
}
