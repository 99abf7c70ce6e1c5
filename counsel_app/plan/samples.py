"""Sample plans (fictional people, organisations marked as examples) for the demo and tests.

The text is written in the plan language itself, as a counsellor would write it, so the
printed plan can be checked by a reader of that language. Organisations carry "(example)"
in their name: they are not real services. Phone numbers are placeholders (zeros).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from counsel_app.plan.model import (
    Action,
    ArrivalArrangements,
    Assistance,
    BudgetLine,
    ChosenOpportunity,
    CommunityProject,
    ContactPoint,
    Dimension,
    FollowUp,
    Goal,
    Mentor,
    Referral,
    ReintegrationPlan,
    WellBeing,
)

DRAFTED = date(2026, 11, 20)
ARRIVAL = date(2026, 12, 15)

#: language -> (country of return, currency, plan text)
_TEXT: dict[str, dict] = {
    "en": {
        "country": "NG", "currency": "NGN", "place": "Benin City, Edo State",
        "summary": (
            "Open a small phone repair workshop in Benin City after an eight-week course.",
            "Stay with her older brother at first; enrol the two children in the nearby "
            "primary school; get a new national identity card.",
            "Monthly counselling sessions and the women's group of the neighbourhood.",
        ),
        "assistance": (
            "Temporary accommodation for two weeks after arrival.",
            "Eight-week course in mobile phone repair.",
            "Tools for the workshop and three months of rent.",
            "Enrolment of two children in primary school.",
            "One individual counselling session a month.",
        ),
        "budget": (("Phone repair tool kit", 1, "180000"), ("Workshop rent (per month)", 3,
                   "60000"), ("First stock of spare parts", 1, "150000")),
        "referrals": (("Benin City vocational centre (example)", "Phone repair course",
                       "+234 800 000 0000"),
                      ("Psychosocial support centre (example)", "Individual and group "
                       "counselling", "+234 810 000 0000")),
        "opportunity": ("Trainee phone technician", "Bright Electronics (example)", "training",
                        "Benin City"),
        "arrival": ("An office worker meets you at Lagos airport.",
                    "Bus from Lagos to Benin City, paid by the programme.",
                    "Two weeks at her older brother's house."),
        "contacts": (("Grace Okoro", "Caseworker", "Reintegration office Benin City (example)",
                      "+234 800 000 0000", "Ring Road, Benin City"),
                     ("Samuel Eze", "Counsellor", "Psychosocial support centre (example)",
                      "+234 810 000 0000", "")),
        "follow_notes": ("Home visit: housing and school enrolment.", "Progress of the "
                         "workshop.", "", "Final review of the plan."),
        "mentor": ("Joy Amadi", "+234 802 000 0000",
                   "Came back from Italy three years ago and runs a tailoring shop."),
        "wb_note": "From the questionnaire before departure.",
        "project": ("Clean-up of the neighbourhood playground", "Group work with young people "
                    "of the area for one month.", "Community council (example)"),
        "goals": (("Open the phone repair workshop within three months of arrival.",
                   (("Returnee", "Finish the repair course"),
                    ("Caseworker", "Buy the tools and pay the rent"))),
                  ("Enrol both children before the school year starts.",
                   (("Returnee", "Get the school documents"),
                    ("Caseworker", "Go with the family to the school")))),
        "name": "Blessing Osagie",
    },
    "fr": {
        "country": "GN", "currency": "GNF", "place": "Conakry (Matoto)",
        "summary": (
            "Ouvrir un petit atelier de couture à Matoto après une formation de deux mois.",
            "Logement d’abord chez sa tante ; inscription de son fils à l’école maternelle du "
            "quartier ; nouvel extrait d’acte de naissance.",
            "Entretiens mensuels avec une psychologue et participation au groupement de "
            "femmes du quartier.",
        ),
        "assistance": (
            "Hébergement temporaire pendant deux semaines après l’arrivée.",
            "Formation de deux mois en couture et en gestion d’un petit commerce.",
            "Achat de deux machines à coudre et loyer de l’atelier pendant trois mois.",
            "Inscription de l’enfant à l’école maternelle.",
            "Un entretien individuel par mois avec une psychologue.",
        ),
        "budget": (("Machine à coudre", 2, "2500000"), ("Tissus et fournitures", 1, "3000000"),
                   ("Loyer de l’atelier (par mois)", 3, "800000")),
        "referrals": (("Centre de formation professionnelle de Matoto (exemple)",
                       "Formation en couture", "+224 620 00 00 00"),
                      ("Centre d’écoute psychosociale (exemple)",
                       "Entretiens individuels et de groupe", "+224 621 00 00 00")),
        "opportunity": ("Apprentie couturière", "Atelier Kadiatou Couture (exemple)",
                        "training", "Conakry"),
        "arrival": ("Une personne du bureau vous accueille à l’aéroport de Conakry.",
                    "Taxi de l’aéroport jusqu’à Matoto, payé par le programme.",
                    "Deux semaines chez sa tante à Matoto."),
        "contacts": (("Mariama Camara", "Chargée de suivi", "Bureau de réintégration de "
                      "Conakry (exemple)", "+224 620 00 00 00", "Matoto, Conakry"),
                     ("Fanta Condé", "Psychologue", "Centre d’écoute psychosociale (exemple)",
                      "+224 621 00 00 00", "")),
        "follow_notes": ("Visite à domicile : logement et école.", "Point sur l’atelier.", "",
                         "Bilan final du plan."),
        "mentor": ("Hawa Sylla", "+224 622 00 00 00",
                   "Revenue du Maroc il y a trois ans, elle tient un atelier de couture."),
        "wb_note": "D’après le questionnaire rempli avant le départ.",
        "project": ("Nettoyage du marché du quartier", "Travail collectif avec les jeunes du "
                    "quartier pendant un mois.", "Conseil de quartier (exemple)"),
        "goals": (("Ouvrir l’atelier de couture dans les trois mois après l’arrivée.",
                   (("La bénéficiaire", "Terminer la formation en couture"),
                    ("La chargée de suivi", "Acheter les machines et payer le loyer"))),
                  ("Inscrire l’enfant à l’école avant la rentrée.",
                   (("La bénéficiaire", "Obtenir l’extrait d’acte de naissance"),
                    ("La chargée de suivi", "Accompagner la famille à l’école")))),
        "name": "Aïssatou Barry",
    },
    "ar": {
        "country": "IQ", "currency": "IQD", "place": "الموصل، محافظة نينوى",
        "summary": (
            "فتح ورشة صغيرة لإصلاح الهواتف المحمولة في حي الزهور بالموصل، بعد دورة تدريبية "
            "مدتها شهران.",
            "السكن مؤقتاً عند الأخ الأكبر، وتسجيل الطفلين في المدرسة القريبة، واستخراج بطاقة "
            "هوية جديدة.",
            "جلسات دعم نفسي شهرية، والمشاركة في نشاطات مركز الشباب في الحي.",
        ),
        "assistance": (
            "سكن مؤقت لمدة أسبوعين بعد الوصول.",
            "دورة في صيانة الهواتف المحمولة لمدة ثمانية أسابيع.",
            "شراء معدات الورشة ودفع إيجار المحل لثلاثة أشهر.",
            "تسجيل الطفلين في المدرسة الابتدائية.",
            "جلسة دعم نفسي فردية مرة في الشهر.",
        ),
        "budget": (("عدة أدوات إصلاح الهواتف", 1, "450000"), ("إيجار المحل (شهرياً)", 3,
                   "250000"), ("قطع غيار أولية", 1, "600000")),
        "referrals": (("مركز التدريب المهني في الموصل (مثال)", "دورة صيانة الهواتف المحمولة",
                       "+964 770 000 0000"),
                      ("منظمة الدعم النفسي والاجتماعي (مثال)", "جلسات دعم نفسي فردية وجماعية",
                       "+964 780 000 0000")),
        "opportunity": ("فني صيانة هواتف متدرب", "ورشة النور للإلكترونيات (مثال)", "training",
                        "الموصل"),
        "arrival": ("يستقبلك موظف من المكتب في مطار بغداد الدولي.",
                    "رحلة بالحافلة من بغداد إلى الموصل، على نفقة البرنامج.",
                    "أسبوعان عند الأخ الأكبر في حي الزهور."),
        "contacts": (("أحمد الجبوري", "مسؤول الحالة", "مكتب إعادة الإدماج في الموصل (مثال)",
                      "+964 770 000 0000", "حي الزهور، الموصل"),
                     ("سارة حسن", "أخصائية نفسية", "منظمة الدعم النفسي والاجتماعي (مثال)",
                      "+964 780 000 0000", "")),
        "follow_notes": ("زيارة منزلية للاطمئنان على السكن وتسجيل الطفلين في المدرسة.",
                         "مراجعة تقدّم العمل في الورشة.", "", "تقييم نهائي للخطة."),
        "mentor": ("خالد يونس", "+964 750 000 0000",
                   "عاد من ألمانيا قبل ثلاث سنوات ويدير اليوم ورشة نجارة."),
        "wb_note": "حسب الاستبيان الذي أُجري قبل المغادرة.",
        "project": ("تنظيف حديقة الحي وتأهيلها", "عمل جماعي مع شباب الحي لمدة شهر.",
                    "المجلس المحلي (مثال)"),
        "goals": (("فتح ورشة إصلاح الهواتف خلال ثلاثة أشهر من الوصول.",
                   (("المستفيد", "إكمال دورة الصيانة"),
                    ("مسؤول الحالة", "شراء المعدات ودفع الإيجار"))),
                  ("تسجيل الطفلين في المدرسة قبل بداية العام الدراسي.",
                   (("المستفيد", "استخراج الوثائق المطلوبة للمدرسة"),
                    ("مسؤول الحالة", "مرافقة العائلة إلى المدرسة")))),
        "name": "عمر عبد الله",
    },
    "fa_AF": {
        "country": "AF", "currency": "AFN", "place": "هرات",
        "summary": (
            "راه‌اندازی یک خیاطی کوچک در شهر هرات، پس از یک دوره‌ی آموزشی سه‌ماهه.",
            "زندگی موقت در خانه‌ی کاکا، و ثبت‌نام دخترها در مکتب نزدیک خانه.",
            "جلسه‌های ماهانه‌ی مشاوره‌ی روانی و شرکت در گروه زنان محله.",
        ),
        "assistance": (
            "جای موقت برای دو هفته پس از رسیدن.",
            "دوره‌ی خیاطی برای سه ماه.",
            "خرید ماشین خیاطی و پرداخت کرایه‌ی دکان برای سه ماه.",
            "ثبت‌نام دو دختر در مکتب ابتدایی.",
            "مشاوره‌ی روانی فردی، ماهی یک بار.",
        ),
        "budget": (("ماشین خیاطی", 2, "9000"), ("پارچه و لوازم خیاطی", 1, "15000"),
                   ("کرایه‌ی دکان (ماهانه)", 3, "4000")),
        "referrals": (("مرکز آموزش حرفه‌ای هرات (نمونه)", "دوره‌ی خیاطی", "+93 70 000 0000"),
                      ("مرکز مشاوره‌ی روانی (نمونه)", "مشاوره‌ی فردی و گروهی",
                       "+93 79 000 0000")),
        "opportunity": ("کارآموزی در خیاطی", "خیاطی نور (نمونه)", "training", "هرات"),
        "arrival": ("یک کارمند دفتر شما را در میدان هوایی کابل استقبال می‌کند.",
                    "سفر با بس از کابل به هرات، به هزینه‌ی برنامه.",
                    "دو هفته در خانه‌ی کاکا در هرات."),
        "contacts": (("محمود رحیمی", "مسئول پرونده", "دفتر ادغام مجدد هرات (نمونه)",
                      "+93 70 000 0000", "هرات"),
                     ("فریبا احمدی", "مشاور روانی", "مرکز مشاوره‌ی روانی (نمونه)",
                      "+93 79 000 0000", "")),
        "follow_notes": ("دیدار در خانه برای بررسی جای زندگی و مکتب دخترها.",
                         "بررسی پیشرفت کار خیاطی.", "", "ارزیابی نهایی برنامه."),
        "mentor": ("زهرا کریمی", "+93 78 000 0000",
                   "سه سال پیش از ایران برگشت و حالا یک خیاطی دارد."),
        "wb_note": "بر اساس پرسش‌نامه‌ی پیش از سفر.",
        "project": ("کلاس خیاطی برای زنان محله", "آموزش رایگان خیاطی برای پنج زن، هفته‌ای یک "
                    "بار.", "شورای محل (نمونه)"),
        "goals": (("باز کردن خیاطی در سه ماه اول پس از رسیدن.",
                   (("عودت‌کننده", "تمام کردن دوره‌ی خیاطی"),
                    ("مسئول پرونده", "خرید ماشین خیاطی و پرداخت کرایه‌ی دکان"))),
                  ("ثبت‌نام دخترها در مکتب پیش از شروع سال تعلیمی.",
                   (("عودت‌کننده", "گرفتن تذکره و اسناد مکتب"),
                    ("مسئول پرونده", "همراهی خانواده تا مکتب")))),
        "name": "مریم حسینی",
    },
    "ti": {
        "country": "ET", "currency": "ETB", "place": "መቐለ",
        "summary": (
            "ኣብ መቐለ ንእሽቶ ድኳን ቡን ምኽፋት፣ ድሕሪ ናይ ክልተ ወርሒ ስልጠና።",
            "ንግዚኡ ኣብ ገዛ ሓብቲ ምንባር፣ ንቖልዑ ኣብ ቤት ትምህርቲ ምምዝጋብ።",
            "ወርሓዊ ናይ ስነ-ኣእምሮ ምኽሪ፣ ኣብ ጉጅለ ደቂ ኣንስትዮ ናይ ከባቢ ምስታፍ።",
        ),
        "assistance": (
            "ንኽልተ ሰሙን ግዝያዊ መንበሪ።",
            "ናይ ክልተ ወርሒ ስልጠና ኣብ ምድላው ቡንን ምሕደራ ንግድን።",
            "ንድኳን ዘድሊ ናውቲ ምዕዳግን ናይ ሰለስተ ወርሒ ክራይ ምኽፋልን።",
            "ክልተ ቖልዑ ኣብ ቀዳማይ ደረጃ ቤት ትምህርቲ ምምዝጋብ።",
            "ወርሓዊ ናይ ውልቀ ምኽሪ።",
        ),
        "budget": (("ናይ ቡን ማሽን", 1, "18000"), ("ጣውላታትን ወናብርን", 1, "12000"),
                   ("ክራይ ድኳን (ወርሓዊ)", 3, "5000")),
        "referrals": (("ማእከል ሞያዊ ስልጠና መቐለ (ኣብነት)", "ስልጠና ምድላው ቡን",
                       "+251 914 000 000"),
                      ("ማእከል ስነ-ኣእምሮ ምኽሪ (ኣብነት)", "ውልቃውን ጉጅላውን ምኽሪ",
                       "+251 911 000 000")),
        "opportunity": ("ልምምድ ኣብ ካፈ", "ካፈ ሰላም (ኣብነት)", "training", "መቐለ"),
        "arrival": ("ሰራሕተኛ ቤት ጽሕፈት ኣብ መዕርፎ ነፈርቲ ኣዲስ ኣበባ ክቕበለኩም እዩ።",
                    "ካብ ኣዲስ ኣበባ ናብ መቐለ ብነፋሪት፣ ብወጻኢ እቲ መደብ።",
                    "ክልተ ሰሙን ኣብ ገዛ ሓብቲ ኣብ መቐለ።"),
        "contacts": (("ሃይለ ገብረመድህን", "ሓላፊ ጉዳይ", "ቤት ጽሕፈት ዳግመ ምጥርናፍ መቐለ (ኣብነት)",
                      "+251 914 000 000", "መቐለ"),
                     ("ለተብርሃን ኪዳነ", "ኣማኻሪት", "ማእከል ስነ-ኣእምሮ ምኽሪ (ኣብነት)",
                      "+251 911 000 000", "")),
        "follow_notes": ("ምብጻሕ ገዛን ቤት ትምህርትን።", "ምዕባለ ድኳን ምርኣይ።", "",
                         "መወዳእታ ገምጋም መደብ።"),
        "mentor": ("ብርሃነ ተስፋይ", "+251 912 000 000",
                   "ቅድሚ ሰለስተ ዓመት ካብ ሱዳን ተመሊሱ ሕጂ ካፈ ይመርሕ ኣሎ።"),
        "wb_note": "ብመሰረት ቅድሚ ጉዕዞ ዝተመልአ መሕተት።",
        "project": ("ምጽራይ ከባቢ", "ምስ መንእሰያት ከባቢ ንሓደ ወርሒ ሓባራዊ ስራሕ።",
                    "ምምሕዳር ከባቢ (ኣብነት)"),
        "goals": (("ኣብ ውሽጢ ሰለስተ ወርሒ ድኳን ቡን ምኽፋት።",
                   (("ተመላሲት", "ስልጠና ምውዳእ"),
                    ("ሓላፊ ጉዳይ", "ናውቲ ምዕዳግን ክራይ ምኽፋልን"))),
                  ("ቅድሚ ምጅማር ዓመተ ትምህርቲ ንቖልዑ ምምዝጋብ።",
                   (("ተመላሲት", "ሰነዳት ቤት ትምህርቲ ምድላው"),
                    ("ሓላፊ ጉዳይ", "ነቲ ስድራ ናብ ቤት ትምህርቲ ምስናይ")))),
        "name": "ሳባ ገብረሂወት",
    },
    "ur": {
        "country": "PK", "currency": "PKR", "place": "گوجرانوالہ، پنجاب",
        "summary": (
            "تین ماہ کے کورس کے بعد گوجرانوالہ میں موبائل فون کی مرمت کی ایک چھوٹی دکان کھولنا۔",
            "شروع میں بڑے بھائی کے گھر رہنا؛ دونوں بچوں کو قریبی پرائمری اسکول میں داخل کروانا؛ "
            "نیا شناختی کارڈ بنوانا۔",
            "ہر ماہ کونسلنگ کی ایک نشست اور محلے کی سماجی تنظیم میں شرکت۔",
        ),
        "assistance": (
            "پہنچنے کے بعد دو ہفتے کے لیے عارضی رہائش۔",
            "موبائل فون کی مرمت کا تین ماہ کا کورس۔",
            "دکان کے لیے اوزار اور تین ماہ کا کرایہ۔",
            "دو بچوں کا پرائمری اسکول میں داخلہ۔",
            "ہر ماہ انفرادی کونسلنگ کی ایک نشست۔",
        ),
        "budget": (("موبائل مرمت کے اوزاروں کا سیٹ", 1, "60000"), ("دکان کا کرایہ (ماہانہ)", 3,
                   "25000"), ("فاضل پرزوں کا پہلا اسٹاک", 1, "50000")),
        "referrals": (("فنی تربیتی مرکز گوجرانوالہ (مثال)", "موبائل فون کی مرمت کا کورس",
                       "+92 300 0000000"),
                      ("نفسیاتی و سماجی مدد کا مرکز (مثال)", "انفرادی اور گروپ کونسلنگ",
                       "+92 321 0000000")),
        "opportunity": ("زیرِ تربیت موبائل ٹیکنیشن", "نور موبائل سینٹر (مثال)", "training",
                        "گوجرانوالہ"),
        "arrival": ("دفتر کا ایک کارکن لاہور ایئرپورٹ پر آپ کا استقبال کرے گا۔",
                    "لاہور سے گوجرانوالہ تک بس کا سفر، جس کا خرچ پروگرام ادا کرے گا۔",
                    "بڑے بھائی کے گھر دو ہفتے قیام۔"),
        "contacts": (("عائشہ خان", "کیس ورکر", "دوبارہ انضمام کا دفتر گوجرانوالہ (مثال)",
                      "+92 300 0000000", "جی ٹی روڈ، گوجرانوالہ"),
                     ("طارق محمود", "کونسلر", "نفسیاتی و سماجی مدد کا مرکز (مثال)",
                      "+92 321 0000000", "")),
        "follow_notes": ("گھر کا دورہ: رہائش اور بچوں کا اسکول میں داخلہ۔", "دکان کی پیش رفت۔", "",
                         "منصوبے کا آخری جائزہ۔"),
        "mentor": ("بلال احمد", "+92 333 0000000",
                   "تین سال پہلے یونان سے واپس آئے اور اب کپڑوں کی دکان چلاتے ہیں۔"),
        "wb_note": "روانگی سے پہلے کے سوالنامے کی بنیاد پر۔",
        "project": ("محلے کے کھیل کے میدان کی صفائی", "علاقے کے نوجوانوں کے ساتھ ایک ماہ کا اجتماعی "
                    "کام۔", "محلہ کمیٹی (مثال)"),
        "goals": (("پہنچنے کے تین ماہ کے اندر موبائل مرمت کی دکان کھولنا۔",
                   (("واپس آنے والا فرد", "مرمت کا کورس مکمل کرنا"),
                    ("کیس ورکر", "اوزار خریدنا اور کرایہ ادا کرنا"))),
                  ("تعلیمی سال شروع ہونے سے پہلے دونوں بچوں کو اسکول میں داخل کروانا۔",
                   (("واپس آنے والا فرد", "اسکول کے کاغذات حاصل کرنا"),
                    ("کیس ورکر", "خاندان کے ساتھ اسکول جانا")))),
        "name": "عمران علی",
    },
    "bn": {
        "country": "BD", "currency": "BDT", "place": "সিলেট",
        "summary": (
            "দোকান পরিচালনার দুই মাসের প্রশিক্ষণের পর সিলেট শহরে একটি ছোট মুদি দোকান খোলা।",
            "প্রথমে বড় বোনের বাসায় থাকা; দুই সন্তানকে কাছের প্রাথমিক বিদ্যালয়ে ভর্তি করানো; "
            "নতুন জাতীয় পরিচয়পত্র সংগ্রহ করা।",
            "প্রতি মাসে কাউন্সেলিং সেশন এবং এলাকার নারী দলের সভায় অংশ নেওয়া।",
        ),
        "assistance": (
            "পৌঁছানোর পর দুই সপ্তাহের অস্থায়ী থাকার ব্যবস্থা।",
            "দোকান পরিচালনা ও হিসাব রাখার দুই মাসের প্রশিক্ষণ।",
            "দোকানের তাক, প্রথম মালামাল এবং তিন মাসের ভাড়া।",
            "দুই সন্তানকে প্রাথমিক বিদ্যালয়ে ভর্তি।",
            "মাসে একবার ব্যক্তিগত কাউন্সেলিং।",
        ),
        "budget": (("দোকানের তাক ও কাউন্টার", 1, "35000"), ("দোকান ভাড়া (মাসিক)", 3, "8000"),
                   ("প্রথম মালামাল", 1, "60000")),
        "referrals": (("সিলেট কারিগরি প্রশিক্ষণ কেন্দ্র (উদাহরণ)", "দোকান পরিচালনার প্রশিক্ষণ",
                       "+880 1700 000000"),
                      ("মনোসামাজিক সহায়তা কেন্দ্র (উদাহরণ)", "ব্যক্তিগত ও দলগত কাউন্সেলিং",
                       "+880 1800 000000")),
        "opportunity": ("দোকান পরিচালনায় শিক্ষানবিশ", "আমানা স্টোর (উদাহরণ)", "training",
                        "সিলেট"),
        "arrival": ("অফিসের একজন কর্মী ঢাকা বিমানবন্দরে আপনাকে গ্রহণ করবেন।",
                    "ঢাকা থেকে সিলেট পর্যন্ত বাসে যাতায়াত, খরচ দেবে কর্মসূচি।",
                    "সিলেটে বড় বোনের বাসায় দুই সপ্তাহ থাকা।"),
        "contacts": (("নাসরিন আক্তার", "কেসওয়ার্কার", "পুনরেকত্রীকরণ অফিস সিলেট (উদাহরণ)",
                      "+880 1700 000000", "জিন্দাবাজার, সিলেট"),
                     ("কামাল হোসেন", "কাউন্সেলর", "মনোসামাজিক সহায়তা কেন্দ্র (উদাহরণ)",
                      "+880 1800 000000", "")),
        "follow_notes": ("বাড়িতে সাক্ষাৎ: থাকার জায়গা ও সন্তানদের স্কুলে ভর্তি।",
                         "দোকানের অগ্রগতি।", "", "পরিকল্পনার চূড়ান্ত পর্যালোচনা।"),
        "mentor": ("শাহানা পারভীন", "+880 1900 000000",
                   "তিন বছর আগে সৌদি আরব থেকে ফিরে এখন একটি সেলাইয়ের দোকান চালান।"),
        "wb_note": "যাত্রার আগের প্রশ্নমালা অনুযায়ী।",
        "project": ("এলাকার খেলার মাঠ পরিষ্কার", "এলাকার তরুণদের সাথে এক মাসের যৌথ কাজ।",
                    "ওয়ার্ড কমিটি (উদাহরণ)"),
        "goals": (("পৌঁছানোর তিন মাসের মধ্যে মুদি দোকান খোলা।",
                   (("প্রত্যাবর্তনকারী", "প্রশিক্ষণ শেষ করা"),
                    ("কেসওয়ার্কার", "তাক কেনা ও ভাড়া পরিশোধ করা"))),
                  ("নতুন শিক্ষাবর্ষ শুরুর আগে দুই সন্তানকে স্কুলে ভর্তি করানো।",
                   (("প্রত্যাবর্তনকারী", "স্কুলের কাগজপত্র সংগ্রহ করা"),
                    ("কেসওয়ার্কার", "পরিবারের সাথে স্কুলে যাওয়া")))),
        "name": "রহিমা বেগম",
    },
}

SAMPLE_LANGUAGES = tuple(_TEXT)
_TYPES = ("accommodation", "vocational_training", "micro_business", "education",
          "individual_family_activities")
_REFERRAL = (False, True, False, True, True)


def sample_text(lang: str) -> dict:
    return _TEXT.get(lang) or _TEXT.get(lang.split("_")[0]) or _TEXT["en"]


def sample_plan(reference: str, lang: str = "en", *, drafted_on: date = DRAFTED,
                arrival: date = ARRIVAL) -> ReintegrationPlan:
    """A complete sample plan written in ``lang`` (English for languages without one)."""
    t = sample_text(lang)
    economic, social, psychosocial = t["summary"]
    plan = ReintegrationPlan(
        reference=reference,
        summary={Dimension.ECONOMIC: economic, Dimension.SOCIAL: social,
                 Dimension.PSYCHOSOCIAL: psychosocial},
        assistance=[Assistance(kind, details, referral)
                    for kind, details, referral in zip(_TYPES, t["assistance"], _REFERRAL)],
        currency=t["currency"],
        budget=[BudgetLine(item, Decimal(cost), qty) for item, qty, cost in t["budget"]],
        referrals=[Referral(*r) for r in t["referrals"]],
        opportunities=[ChosenOpportunity(*t["opportunity"], is_sample=True)],
        arrival=ArrivalArrangements(*t["arrival"], medical_escort=False),
        contacts=[ContactPoint(*c) for c in t["contacts"]],
        follow_up=[FollowUp(m, arrival + timedelta(days=round(m * 30.44)), note)
                   for m, note in zip((1, 3, 6, 12), t["follow_notes"])],
        mentor=Mentor(*t["mentor"]),
        well_being=WellBeing(42, 65, t["wb_note"]),
        community_projects=[CommunityProject(*t["project"])],
        goals=[Goal(goal, dim, [Action(who, what, arrival + timedelta(days=30 * (k + 1)))
                                for k, (who, what) in enumerate(actions)])
               for (goal, actions), dim in zip(t["goals"], (Dimension.ECONOMIC,
                                                            Dimension.SOCIAL))],
        place_of_return=t["place"],
        expected_arrival=arrival,
        drafted_on=drafted_on,
    )
    return plan
