using System.Globalization;

namespace ModelGate.Core.Configuration;

/// <summary>What a request with a budget may do on a deployment whose price is not known.</summary>
public enum UnknownPricePolicy
{
    /// <summary>Refuse it: a budget cannot be kept on a cost nobody knows.</summary>
    Reject,

    /// <summary>Serve it, record its cost as unknown (counted as $0 against budgets) and count it in a warning metric.</summary>
    Allow,
}

/// <summary>The <c>budgets:</c> section.</summary>
/// <param name="AlertThresholds">Percents of a budget whose crossing raises an alert, ascending.</param>
/// <param name="AlertWebhook">Where alerts are posted as JSON; null for none.</param>
public sealed record BudgetSettings(UnknownPricePolicy UnknownPrice, IReadOnlyList<int> AlertThresholds, Uri? AlertWebhook)
{
    public static readonly BudgetSettings Default = new(UnknownPricePolicy.Reject, [80, 100], null);

    private static readonly HashSet<string> Fields = ["unknown_price", "alert_thresholds", "alert_webhook"];

    internal static BudgetSettings Read(YamlMapping? budgets)
    {
        if (budgets is null)
        {
            return Default;
        }

        budgets.RejectUnknownKeys(Fields);
        var policy = Default.UnknownPrice;
        switch (budgets.String("unknown_price"))
        {
            case null:
                break;
            case "reject":
                policy = UnknownPricePolicy.Reject;
                break;
            case "allow":
                policy = UnknownPricePolicy.Allow;
                break;
            default:
                budgets.Error("unknown_price", "must be 'reject' or 'allow'");
                break;
        }

        var thresholds = budgets.List("alert_thresholds", (path, text) =>
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent is >= 1 and <= 100)
            {
                return percent;
            }

            budgets.ErrorAt(path, "must be a whole percent from 1 to 100");
            return (int?)null;
        });

        Uri? webhook = null;
        if (budgets.String("alert_webhook") is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out webhook) || webhook.Scheme is not ("http" or "https"))
            {
                budgets.Error("alert_webhook", "must be an absolute http or https URL");
                webhook = null;
            }
        }

        return new BudgetSettings(policy, thresholds?.Distinct().Order().ToList() ?? Default.AlertThresholds, webhook);
    }
}
