using System.Text.Json;
using AdaShare.Model.Policy;

namespace AdaShare.Tests.Method;

/// <summary>A fixed policy's counts, key, equality and its JSON form, on a policy where every count differs.</summary>
[Trait("Category", "Focused")]
public class TaskPolicyTests
{
    // Block 0: all three tasks; block 1: only b; block 2: none; block 3: a and c; block 4: only c.
    private static readonly bool[,] Rows =
    {
        { true, false, false, true, false },
        { true, true, false, false, false },
        { true, false, false, true, true },
    };

    private static TaskPolicy Policy() => new(new[] { "a", "b", "c" }, Rows);

    [Fact]
    public void CountsOfSharedTaskSpecificAndUnusedBlocks()
    {
        var policy = Policy();
        Assert.Equal(3, policy.Tasks);
        Assert.Equal(5, policy.Blocks);
        Assert.Equal(1, policy.SharedByAll);
        Assert.Equal(2, policy.TaskSpecific);
        Assert.Equal(1, policy.Unused);
        Assert.Equal(new[] { 0, 2 }, policy.TasksExecuting(3));
        Assert.Empty(policy.TasksExecuting(2));
        Assert.Equal(7 / 15.0, policy.ExecuteRate, 12);
    }

    [Fact]
    public void KeyWritesOneRowPerTaskInOrder()
    {
        Assert.Equal("10010|11000|10011", Policy().Key);
    }

    [Fact]
    public void ThePolicyKeepsItsOwnCopyOfTheDecisions()
    {
        var rows = (bool[,])Rows.Clone();
        var policy = new TaskPolicy(new[] { "a", "b", "c" }, rows);
        rows[0, 1] = true;
        Assert.False(policy.Executes(0, 1));
    }

    [Fact]
    public void SameAsNeedsTheSameDecisionsAndTheSameTaskNames()
    {
        var policy = Policy();
        Assert.True(policy.SameAs(new TaskPolicy(new[] { "a", "b", "c" }, (bool[,])Rows.Clone())));
        Assert.False(policy.SameAs(new TaskPolicy(new[] { "a", "b", "x" }, (bool[,])Rows.Clone())));
        var other = (bool[,])Rows.Clone();
        other[2, 4] = false;
        Assert.False(policy.SameAs(new TaskPolicy(new[] { "a", "b", "c" }, other)));
    }

    [Fact]
    public void AllExecuteExecutesEveryBlockForEveryTask()
    {
        var policy = TaskPolicy.AllExecute(new[] { "a", "b" }, 3);
        Assert.Equal("111|111", policy.Key);
        Assert.Equal(3, policy.SharedByAll);
        Assert.Equal(1.0, policy.ExecuteRate);
    }

    [Fact]
    public void ARowCountOtherThanTheTaskCountIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new TaskPolicy(new[] { "a", "b" }, Rows));
        Assert.Contains("3 task rows for 2 tasks", e.Message);
    }

    [Fact]
    public void JsonNamesTasksBlocksAndZeroOneDecisionsPerTask()
    {
        using var doc = JsonDocument.Parse(Policy().ToJson());
        Assert.Equal(new[] { "a", "b", "c" }, doc.RootElement.GetProperty("tasks").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(5, doc.RootElement.GetProperty("blocks").GetInt32());
        Assert.Equal(new[] { 1, 1, 0, 0, 0 }, doc.RootElement.GetProperty("execute").GetProperty("b").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("10010|11000|10011", TaskPolicy.FromJson(Policy().ToJson()).Key);
    }

    [Theory]
    [InlineData("null", "empty policy")]
    [InlineData("""{"blocks":2,"execute":{"a":[1,0]}}""", "needs 'tasks'")]
    [InlineData("""{"tasks":["a"],"blocks":2}""", "needs 'tasks'")]
    [InlineData("""{"tasks":["a"],"blocks":2,"execute":{"b":[1,0]}}""", "task 'a' needs 2 decisions")]
    [InlineData("""{"tasks":["a"],"blocks":2,"execute":{"a":[1,2]}}""", "decision 2 of task 'a' block 1 is not 0 or 1")]
    public void BadPolicyFilesAreRejectedNamingTheProblem(string json, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => TaskPolicy.FromJson(json, "p.json"));
        Assert.StartsWith("p.json: ", e.Message);
        Assert.Contains(message, e.Message);
    }
}
