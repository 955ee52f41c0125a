#include "indexer/understand/lexicon.hpp"

#include "core/text.hpp"

namespace hrdex::indexer::understand::lexicon {

Phrases::Phrases(std::initializer_list<std::string_view> written) {
  folded_.reserve(written.size());
  for (std::string_view w : written) folded_.push_back(core::fold(w));
}

bool Phrases::in(std::string_view folded) const {
  for (const std::string& p : folded_)
    if (folded.find(p) != std::string_view::npos) return true;
  return false;
}

bool Phrases::opens(std::string_view folded) const {
  for (const std::string& p : folded_)
    if (folded.substr(0, p.size()) == p) return true;
  return false;
}

Phrases::Span Phrases::find(std::string_view folded, std::size_t from) const {
  Span best;
  for (const std::string& p : folded_) {
    const std::size_t at = folded.find(p, from);
    if (at < best.start) best = {at, at + p.size()};
  }
  return best;
}

FoldedText fold_mapped(std::string_view text) {
  FoldedText out;
  for (std::size_t i = 0; i < text.size();) {
    // One code point at a time: a lead byte and its continuation bytes.
    std::size_t n = 1;
    while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
    const std::string folded = core::fold(text.substr(i, n));
    out.text += folded;
    out.source.insert(out.source.end(), folded.size(), i);
    i += n;
  }
  out.source.push_back(text.size());
  return out;
}

// Each list: English, French, Spanish, Russian, Arabic, Chinese, in that
// order, as the UN's own documents word them.
const Lexicon& lexicon() {
  static const Lexicon kLexicon{
      .upr_wg_report_title = {"report of the working group on the universal periodic review",
                              "rapport du groupe de travail sur l'examen périodique universel",
                              "informe del grupo de trabajo sobre el examen periódico universal",
                              "доклад рабочей группы по универсальному периодическому обзору",
                              "تقرير الفريق العامل المعني بالاستعراض الدوري الشامل", "普遍定期审议工作组报告"},
      .upr = {"universal periodic review", "examen périodique universel", "examen periódico universal",
              "универсального периодического обзора", "универсальному периодическому обзору",
              "универсальный периодический обзор", "الاستعراض الدوري الشامل", "普遍定期审议"},
      .upr_addendum_title = {"views on conclusions and/or recommendations",
                             "observations sur les conclusions et/ou recommandations",
                             "opiniones sobre las conclusiones y/o recomendaciones",
                             "мнения по выводам и/или рекомендациям", "آراء بشأن الاستنتاجات و/أو التوصيات",
                             "对结论和/或建议、自愿承诺和答复的意见"},
      .addendum = {"addendum", "additif", "adición", "добавление", "إضافة", "增编"},
      .conclusions_heading = {"conclusions and/or recommendations", "conclusions et/ou recommandations",
                              "conclusiones y/o recomendaciones", "выводы и/или рекомендации",
                              "الاستنتاجات و/أو التوصيات", "结论和/或建议"},
      .conclusions_heading_without_or = {"conclusions and recommendations", "conclusions et recommandations",
                                         "conclusiones y recomendaciones", "выводы и рекомендации",
                                         "الاستنتاجات والتوصيات", "结论和建议"},
      .not_conclusions_heading = {"all conclusions", "views on", "toutes les conclusions", "observations sur",
                                  "todas las conclusiones", "opiniones sobre", "все выводы", "мнения по",
                                  "جميع الاستنتاجات", "آراء بشأن", "所载", "的意见"},
      .conclusions_end = {"all conclusions and/or recommendations contained in",
                          "toutes les conclusions et/ou recommandations figurant dans",
                          "todas las conclusiones y/o recomendaciones que figuran en",
                          "все выводы и/или рекомендации, содержащиеся в", "جميع الاستنتاجات و/أو التوصيات الواردة في",
                          "所载全部结论和/或建议", "所载所有结论和/或建议"},
      .annex_heading = {"annex", "anexo", "приложение", "المرفق", "附件"},
      .delegation_heading = {"composition of the delegation", "composition de la délégation",
                             "composición de la delegación", "состав делегации", "تشكيلة الوفد", "代表团组成"},
      .recommendation_word = {"recommendation", "recommandation", "recomendaci", "рекомендаци", "توصي", "建议"},
      .recommend_verb = {"recommend", "recommand", "recomend", "рекоменд", "توصي", "建议"},
      .following_recommendations = {"following recommendations", "recommandations ci-après",
                                    "recommandations suivantes", "recomendaciones que figuran a continuación",
                                    "recomendaciones siguientes", "следующие рекомендации", "التوصيات التالية",
                                    "下列建议"},
      .following_comments = {"following comments", "observations suivantes", "commentaires suivants",
                             "observaciones siguientes", "comentarios siguientes", "следующие замечания",
                             "التعليقات التالية", "下列评论"},
      .group_noted = {"did not enjoy", "do not enjoy", "does not enjoy", "not enjoy the support", "were noted",
                      "have been noted", "has noted", "will be noted", "took note", "takes note", "not accepted",
                      "not supported", "rejected", "cannot accept", "could not accept", "does not accept",
                      "did not accept", "not be accepted", "noted by",
                      "a pris note", "prend note", "ont été notées", "n'ont pas recueilli", "ne recueillent pas",
                      "n'ont pas été acceptées", "n'a pas accepté", "rejet",
                      "tomó nota", "toma nota", "ha tomado nota", "no contaron con", "no cuentan con",
                      "no gozan", "no fueron aceptadas", "rechaz",
                      "к сведению", "не пользуются", "не получили поддержки", "отклонен",
                      "أحاطت علماً", "تحيط علماً", "لم تحظ", "رفض",
                      "注意到", "不支持", "未获支持", "未得到支持"},
      .group_will_be_examined = {"will be examined", "will examine", "will be considered", "will consider",
                                 "in due time", "will provide responses", "will respond",
                                 "seront examinées", "examinera", "en temps voulu", "répondra",
                                 "serán examinadas", "examinará", "a su debido tiempo", "en su debido momento",
                                 "responderá",
                                 "будут рассмотрены", "рассмотрит", "в надлежащее время", "представит ответы",
                                 "представит свои ответы",
                                 "ستنظر", "ستدرس", "في الوقت المناسب",
                                 "将审议", "将研究", "适时作出答复", "适当时候"},
      .group_supported = {"enjoy the support", "enjoyed the support", "enjoys the support", "supported by",
                          "accepted", "already implemented", "in the process of implementation", "agreed to",
                          "recueilli son appui", "recueilli l'appui", "recueilli son soutien", "recueillent l'appui",
                          "recueillent son appui", "bénéficient de l'appui", "bénéficient du soutien",
                          "ont été acceptées",
                          "cuentan con su apoyo", "cuentan con el apoyo", "contaron con el apoyo", "gozan del apoyo",
                          "han sido aceptadas", "fueron aceptadas",
                          "пользуются поддержкой", "пользуются его поддержкой", "пользуются ее поддержкой",
                          "получили поддержку", "получили его поддержку", "были поддержаны",
                          "حظيت بتأييد", "تحظى بتأييد",
                          "获得其支持", "得到其支持", "得到支持", "获得支持"},
      .position_noted = {"not support", "not accept", "does not", "do not", "reject", "note", "noted",
                         "ne soutient pas", "n'accepte pas", "ne peut accepter", "ne peut pas accepter",
                         "n'appuie pas", "rejette",
                         "toma nota", "tomado nota", "no apoya", "no acepta", "no puede aceptar", "rechaza",
                         "к сведению", "не поддерживает", "не поддержаны", "не принимает", "отклоня", "отклонен",
                         "تحيط علماً", "أحاطت علماً", "لا تؤيد", "ترفض", "لم تحظ", "تحيط",
                         "注意到", "不支持", "不接受", "未获支持"},
      .position_supported = {"support", "accept", "agree", "soutient", "appuie", "approuve", "souscrit", "acepta",
                             "apoya", "respalda", "поддерживает", "поддержан", "принимает", "принята", "приняты",
                             "تؤيد", "تقبل", "قبلت", "حظيت", "支持", "接受"},

      .co_title = {"concluding observations on", "concluding observations of the committee",
                   "concluding observations of the human rights committee",
                   "observations finales concernant", "observations finales sur",
                   "observations finales du comité", "observaciones finales sobre",
                   "observaciones finales del comité", "заключительные замечания по", "الملاحظات الختامية",
                   "结论性意见"},
      .co_followup_title = {"follow-up to the concluding observations", "suite donnée aux observations finales",
                            "seguimiento de las observaciones finales",
                            "последующие меры в связи с заключительными замечаниями",
                            "متابعة الملاحظات الختامية", "结论性意见的后续行动"},
      .information_received = {"information received from", "renseignements reçus", "informations reçues",
                               "información recibida", "информация, полученная от", "معلومات واردة من",
                               "收到的资料"},
      .co_recommendation = {"the state party should", "recommends that the state party",
                            "recommends that the state", "urges the state party", "calls upon the state party",
                            "calls on the state party", "requests the state party", "encourages the state party",
                            "the committee recommends", "invites the state party",
                            "l'état partie devrait", "recommande à l'état partie", "recommande que l'état partie",
                            "le comité recommande", "prie instamment l'état partie", "exhorte l'état partie",
                            "engage l'état partie", "invite l'état partie", "demande à l'état partie",
                            "encourage l'état partie",
                            "el estado parte debe", "recomienda al estado parte", "recomienda que el estado parte",
                            "el comité recomienda", "insta al estado parte", "exhorta al estado parte",
                            "alienta al estado parte", "invita al estado parte", "pide al estado parte",
                            "solicita al estado parte",
                            "государству-участнику следует", "рекомендует государству-участнику",
                            "комитет рекомендует", "призывает государство-участник",
                            "просит государство-участник", "предлагает государству-участнику",
                            "ينبغي للدولة الطرف", "توصي اللجنة", "تحث اللجنة", "تدعو اللجنة", "تطلب اللجنة",
                            "تشجع اللجنة",
                            "委员会建议", "缔约国应", "敦促缔约国", "促请缔约国", "鼓励缔约国", "吁请缔约国"},
      .co_concern = {"concerned", "concern", "regrets", "deplores", "alarmed",
                     "préoccup", "regrette", "déplore", "inquiet", "alarmé",
                     "preocup", "lamenta", "deplora", "alarmado",
                     "обеспокоен", "озабоченн", "беспокойств", "сожалеет",
                     "قلق", "تأسف",
                     "关切", "遗憾", "担忧"},
      .followup_within = {"within one year", "within two years", "within a year", "within 12 months",
                          "within 24 months", "dans un délai d'un an", "dans un délai de deux ans",
                          "dans un délai d'une année", "en el plazo de un año", "en un plazo de un año",
                          "en el plazo de dos años", "dentro de un año", "dentro del plazo de un año", "в течение одного года", "в течение года",
                          "в течение двух лет", "في غضون سنة", "في غضون سنتين", "في غضون عام", "一年内", "两年内"},
      .paragraphs_word = {"paragraph", "paragraphe", "párrafo", "пункт", "الفقر"},
      .of_article = {"of article", "of the convention", "de l'article", "de la convention", "del artículo",
                     "de la convención", "статьи", "конвенции", "من المادة", "من الاتفاقية"},
      .periodic_report = {"periodic report", "rapport périodique", "informe periódico", "периодический доклад",
                          "периодического доклада", "التقرير الدوري", "定期报告"},
      .submit_or_due = {"submit", "due", "soumettre", "présenter", "presentar", "presente", "представить", "تقدم", "提交"},

      .sp_report_of = {"report of the special rapporteur", "report of the independent expert",
                       "report of the working group on", "report of the working group of experts",
                       "rapport du rapporteur spécial", "rapport de la rapporteuse spéciale",
                       "rapport de l'expert indépendant", "rapport de l'experte indépendante",
                       "rapport du groupe de travail sur", "rapport du groupe de travail d'experts",
                       "informe del relator especial", "informe de la relatora especial",
                       "informe del experto independiente", "informe de la experta independiente",
                       "informe del grupo de trabajo sobre", "informe del grupo de trabajo de expertos",
                       "доклад специального докладчика", "доклад независимого эксперта", "доклад рабочей группы по",
                       "تقرير المقرر الخاص", "تقرير المقررة الخاصة", "تقرير الخبير المستقل",
                       "تقرير الخبيرة المستقلة", "تقرير الفريق العامل المعني",
                       "特别报告员", "独立专家", "工作组"},
      .sp_visit = {"visit to", "mission to", "sa mission", "sa visite", "su misión", "su visita", "о его миссии",
                   "о ее миссии", "о поездке", "о посещении", "زيارته إلى", "زيارتها إلى", "بعثته إلى",
                   "بعثتها إلى", "访问"},
      .recommendations_heading = {"recommendations", "recommandations", "recomendaciones", "рекомендации",
                                  "التوصيات", "建议"},
      .report_of = {"report of the ", "rapport du ", "rapport de la ", "rapport de l'", "informe del ",
                    "informe de la ", "доклад ", "تقرير "},
      .visit_to = {"on his visit to", "on her visit to", "on its visit to", "on their visit to", "on his mission to",
                   "on her mission to", "on its mission to", "on their mission to", "sur sa mission",
                   "sur sa visite", "concernant sa mission", "concernant sa visite", "sobre su misión",
                   "acerca de su misión", "sobre su visita", "acerca de su visita", "relativo a su misión",
                   "о его миссии в", "о ее миссии в", "о своей миссии в", "о его поездке в", "о ее поездке в",
                   "о посещении", "عن زيارته إلى", "عن زيارتها إلى", "عن بعثته إلى", "عن بعثتها إلى"},
      .place_prepositions = {"en ", "au ", "aux ", "à ", "a ", "al ", "в ", "во "},
      .ohchr_letterhead = {"office of the high commissioner for human rights", "haut-commissariat aux droits de l",
                           "oficina del alto comisionado de las naciones unidas para los derechos humanos",
                           "управление верховного комиссара организации объединенных наций по правам человека"},
      .sp_recommendation = {"recommends", "should", "urges", "calls on", "calls upon", "encourages",
                            "recommande", "devrait", "devraient", "exhorte", "engage",
                            "recomienda", "debería", "deberían", "insta", "alienta",
                            "рекомендует", "следует", "призывает",
                            "توصي", "ينبغي", "تحث",
                            "建议", "应"},
  };
  return kLexicon;
}

std::string announced_group(std::string_view folded) {
  const Lexicon& l = lexicon();
  if (!l.recommendation_word.in(folded)) return {};
  if (l.group_noted.in(folded)) return "noted";
  if (l.group_will_be_examined.in(folded)) return "will-be-examined";
  if (l.group_supported.in(folded)) return "supported";
  return {};
}

std::string position(std::string_view folded) {
  const Lexicon& l = lexicon();
  if (l.position_noted.in(folded)) return "noted";
  if (l.position_supported.in(folded)) return "supported";
  return {};
}

}  // namespace hrdex::indexer::understand::lexicon
