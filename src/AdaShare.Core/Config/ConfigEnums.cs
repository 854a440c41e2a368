namespace AdaShare.Config;

// The config's closed choices, typed. The YAML spells each member in kebab case (ConfigChoice); the string properties of
// the config sections are the YAML edge, the typed properties next to them are what the library reads.

/// <summary>model.loss_resolution: losses at the prediction's resolution, or with predictions upsampled to the input's.</summary>
public enum LossResolution
{
    Prediction,
    Input,
}

/// <summary>policy.gumbel: soft Gumbel-Softmax gates, or hard (straight-through) ones.</summary>
public enum GumbelMode
{
    Soft,
    Hard,
}

/// <summary>policy.gumbel_draw: one Gumbel draw per (task, block) shared by the whole batch (official), or one per image.</summary>
public enum GumbelDraw
{
    Batch,
    Image,
}

/// <summary>policy.sharing_weighting: the paper's block weights for the sharing loss, or the official code's.</summary>
public enum SharingWeighting
{
    Paper,
    Official,
}

/// <summary>policy.sharing_on: the sharing loss on the logits, or on the execute probabilities.</summary>
public enum SharingOn
{
    Logit,
    Probability,
}

/// <summary>policy.from: sample from the logits of the last alternation, or of the best-scoring one on validation.</summary>
public enum PolicySource
{
    Last,
    Best,
}

/// <summary>train.policy_phase_weight_optimizer: the optimiser of the weights during policy learning.</summary>
public enum WeightOptimizer
{
    Sgd,
    Adam,
}
