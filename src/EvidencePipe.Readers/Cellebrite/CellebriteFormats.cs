namespace EvidencePipe.Readers.Cellebrite;

public static class CellebriteFormats
{
    /// <summary>Cellebrite's <c>report.xml</c> (namespace <c>http://pa.cellebrite.com/report/2.0</c>), bare or inside a <c>.ufdr</c>.</summary>
    public const string ReportXml = "cellebrite-report-xml";

    public const string Namespace = "http://pa.cellebrite.com/report/";
}
