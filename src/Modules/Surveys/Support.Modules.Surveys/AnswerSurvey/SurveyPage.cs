using System.Text.Encodings.Web;
using System.Text.Unicode;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Surveys.AnswerSurvey;

/// <summary>The small survey page requesters open from their email (SU-2): one question, two answers, a comment, in their language; plain HTML, no script, usable with a keyboard and a screen reader.</summary>
internal static class SurveyPage
{
    public static string Question(Survey survey) => survey.Language == Language.Fr
        ? $"Êtes-vous satisfait du traitement de votre demande {survey.Number} ?"
        : $"Were you satisfied with how we handled your request {survey.Number}?";

    public static string Form(Survey survey, string action, string? error = null)
    {
        var fr = survey.Language == Language.Fr;
        var body = $"""
            <form method="post" action="{E(action)}">
              <fieldset>
                <legend>{E(Question(survey))}</legend>
                <p>{E(survey.Subject)}</p>
                {(error is null ? "" : $"<p role=\"alert\">{E(error)}</p>")}
                <p><input type="radio" id="good" name="rating" value="good" required> <label for="good">{(fr ? "Oui, satisfait" : "Yes, satisfied")}</label></p>
                <p><input type="radio" id="bad" name="rating" value="bad"> <label for="bad">{(fr ? "Non, pas satisfait" : "No, not satisfied")}</label></p>
              </fieldset>
              <p><label for="comment">{(fr ? "Un commentaire ? (facultatif)" : "Any comment? (optional)")}</label><br>
                <textarea id="comment" name="comment" rows="5" cols="60" maxlength="5000"></textarea></p>
              <p><button type="submit">{(fr ? "Envoyer ma réponse" : "Send my answer")}</button></p>
            </form>
            """;
        return Page(survey.Language, fr ? "Votre avis" : "Your opinion", body);
    }

    public static string Message(Language language, string title, string text) => Page(language, title, $"<p>{E(text)}</p>");

    public static string Thanks(Survey survey) => survey.Language == Language.Fr
        ? Message(Language.Fr, "Merci", "Merci, votre réponse est enregistrée.")
        : Message(Language.En, "Thank you", "Thank you, your answer is recorded.");

    public static string Answered(Survey survey) => survey.Language == Language.Fr
        ? Message(Language.Fr, "Déjà répondu", "Vous avez déjà répondu à cette enquête : merci.")
        : Message(Language.En, "Already answered", "You have already answered this survey: thank you.");

    public static string Expired(Survey survey) => survey.Language == Language.Fr
        ? Message(Language.Fr, "Lien expiré", "Ce lien a expiré : l'enquête n'accepte plus de réponse.")
        : Message(Language.En, "Link expired", "This link has expired: the survey no longer takes answers.");

    public static string Unknown() => Message(Language.En, "Unknown link", "This survey link is not valid. / Ce lien d'enquête n'est pas valide.");

    private static string Page(Language language, string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="{(language == Language.Fr ? "fr" : "en")}">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(title)}</title></head>
        <body><main><h1>{E(title)}</h1>
        {body}
        </main></body>
        </html>
        """;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All); // accents stay readable, markup does not pass

    private static string E(string text) => Encoder.Encode(text);
}
