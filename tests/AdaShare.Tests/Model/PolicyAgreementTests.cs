using AdaShare.Model.Policy;

namespace AdaShare.Tests.Model;

public sealed class PolicyAgreementTests
{
    private static readonly string[] Tasks = ["a", "b"];

    /// <summary>"1101|1111" → task a skips block 2, task b executes all.</summary>
    private static TaskPolicy Policy(string key)
    {
        var rows = key.Split('|');
        var execute = new bool[rows.Length, rows[0].Length];
        for (int k = 0; k < rows.Length; k++)
            for (int l = 0; l < rows[k].Length; l++)
                execute[k, l] = rows[k][l] == '1';
        return new TaskPolicy(Tasks, execute);
    }

    [Fact]
    public void TheMostCommonPolicyWinsAndEachRunsDistanceCountsItsDifferingDecisions()
    {
        var agreement = PolicyAgreement.Of([Policy("1111|0011"), Policy("1101|1111"), Policy("1101|1111")]);
        Assert.Equal("1101|1111", agreement.Modal.Key);
        Assert.Equal(2, agreement.Agreeing);
        Assert.Equal(3, agreement.Runs);
        // run 0 differs in a's block 2 and b's blocks 0 and 1
        Assert.Equal(new[] { 3, 0, 0 }, agreement.DistanceToModal);
    }

    [Fact]
    public void ATieGoesToTheEarliestRunAndAllDifferentMeansOneAgrees()
    {
        var agreement = PolicyAgreement.Of([Policy("0000|0000"), Policy("1111|1111"), Policy("1000|0000")]);
        Assert.Equal("0000|0000", agreement.Modal.Key);
        Assert.Equal(1, agreement.Agreeing);
        Assert.Equal(new[] { 0, 8, 1 }, agreement.DistanceToModal);
    }

    [Fact]
    public void PoliciesOfDifferentShapesAreNotCompared()
    {
        Assert.Throws<ArgumentException>(() => PolicyAgreement.Of([Policy("11|11"), Policy("111|111")]));
        Assert.Throws<ArgumentException>(() => PolicyAgreement.Of([]));
    }
}
