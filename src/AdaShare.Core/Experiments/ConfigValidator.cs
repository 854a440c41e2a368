using AdaShare.Tasks;

using AdaShare.Config;

namespace AdaShare.Experiments;

/// <summary>Checks values that the YAML types cannot; every error names its key path.</summary>
public static class ConfigValidator
{
    public static void Validate(ExperimentConfig c, string source)
    {
        var errors = new List<string>();
        void Choice<T>(string key, string value) where T : struct, Enum
        {
            try
            {
                ConfigChoice.Parse<T>(key, value);
            }
            catch (ConfigException e)
            {
                errors.Add(e.Message);
            }
        }

        void Check(bool ok, string key, string problem)
        {
            if (!ok)
                errors.Add($"{key}: {problem}");
        }

        Check(Methods.MethodRegistry.TryGet(c.Method, out _), "method", $"'{c.Method}' is not one of {string.Join(", ", Methods.MethodRegistry.Names)}");
        Check(c.Device is "cpu" or "cuda" || c.Device.StartsWith("cuda:", StringComparison.Ordinal), "device", $"'{c.Device}' is not cpu, cuda or cuda:N");
        Check(c.Threads >= 0, "threads", "must be ≥ 0");
        var datasetKind = Data.DatasetKinds.Find(c.Data.Dataset);
        Check(datasetKind != null, "data.dataset", $"'{c.Data.Dataset}' is not one of {string.Join(", ", Data.DatasetKinds.Names)}");
        Check(datasetKind is not { NeedsRoot: true } || !string.IsNullOrWhiteSpace(c.Data.Root), "data.root", "an on-disk dataset needs its root folder");
        datasetKind?.Validate(c.Data, errors);
        Check(c.Data.Normalize is null || Data.InputNormalization.Names.Contains(c.Data.Normalize), "data.normalize", $"'{c.Data.Normalize}' is not one of {string.Join(", ", Data.InputNormalization.Names)}");
        Check(c.Data.RandomScale is null or [> 0, > 0] && (c.Data.RandomScale is null || c.Data.RandomScale[0] <= c.Data.RandomScale[1]), "data.random_scale", "must be [min, max] with 0 < min <= max");
        Check(c.Data.Crop is null or [>= 16, >= 16], "data.crop", "must be [height, width], each at least 16");
        Check(c.Data.RandomScale is null or [1, 1] || c.Data.Crop is not null, "data.random_scale", "needs data.crop (scaled images are cropped to one batch size)");
        Check(c.Data.Height >= 16 && c.Data.Width >= 16, "data.height/width", "must be at least 16 pixels");
        Check(c.Data.TrainSize >= 2, "data.train_size", "must be ≥ 2 (train is split into train1 and train2)");
        Check(c.Data.ValSize >= 1 && c.Data.TestSize >= 1, "data.val_size/test_size", "must be ≥ 1");

        Check(c.Model.Backbone is "resnet18" or "resnet34", "model.backbone", $"'{c.Model.Backbone}' is not resnet18 or resnet34");
        Check(c.Model.Width > 0 && c.Model.Width <= 4, "model.width", "must be in (0, 4]");
        Check(c.Model.HeadChannels >= 1, "model.head_channels", "must be ≥ 1");
        Check(c.Model.AsppDilations.Count >= 1 && c.Model.AsppDilations.All(d => d >= 1), "model.aspp_dilations", "needs at least one dilation, each ≥ 1");
        Check(c.Model.HeadDropout is >= 0 and < 1, "model.head_dropout", "must be in [0, 1)");
        Check(c.Model.Init == "random" || c.Model.Init.StartsWith("imagenet:", StringComparison.Ordinal), "model.init", $"'{c.Model.Init}' is not random or imagenet:PATH");
        Choice<LossResolution>("model.loss_resolution", c.Model.LossResolution);

        Check(c.Tasks.Count >= 1, "tasks", "at least one task is needed");
        var names = new HashSet<string>();
        for (int i = 0; i < c.Tasks.Count; i++)
        {
            var t = c.Tasks[i];
            Check(!string.IsNullOrWhiteSpace(t.Name), $"tasks[{i}].name", "is missing");
            Check(names.Add(t.Name), $"tasks[{i}].name", $"'{t.Name}' appears twice");
            string kind = t.Kind ?? t.Name;
            Check(TaskKinds.TryGet(kind, out _), $"tasks[{i}].kind", $"'{kind}' is not one of {string.Join(", ", TaskKinds.Names)}");
            Check(t.Weight >= 0 && double.IsFinite(t.Weight), $"tasks[{i}].weight", "must be a finite number ≥ 0");
        }

        var p = c.Policy;
        Choice<GumbelMode>("policy.gumbel", p.Gumbel);
        Choice<GumbelDraw>("policy.gumbel_draw", p.GumbelDraw);
        Check(p.Tau0 > 0, "policy.tau0", "must be > 0");
        Check(p.TauDecay is > 0 and <= 1, "policy.tau_decay", "must be in (0, 1]");
        Check(p.CurriculumSpeed >= 1, "policy.curriculum_speed", "must be ≥ 1");
        Check(p.SkipLayer >= 0, "policy.skip_layer", "must be ≥ 0");
        Check(p.SparsityWeight >= 0 && p.SharingWeight >= 0, "policy.sparsity_weight/sharing_weight", "must be ≥ 0");
        Check(p.EntropyWeight >= 0, "policy.entropy_weight", "must be ≥ 0");
        Check(p.EntropyStartTau is null or > 0, "policy.entropy_start_tau", "must be > 0 (or left out: τ0)");
        Choice<SharingWeighting>("policy.sharing_weighting", p.SharingWeighting);
        Choice<SharingOn>("policy.sharing_on", p.SharingOn);
        Choice<PolicySource>("policy.from", p.From);
        Check(p.RandomExecuteRate is >= 0 and <= 1, "policy.random_execute_rate", "must be in [0, 1]");
        Check(p.Samples >= 0 && (p.Samples > 0 || p.IncludeArgmax), "policy.samples", "must be ≥ 1 (or 0 with include_argmax: true)");

        var t2 = c.Train;
        Check(t2.BatchSize >= 1, "train.batch_size", "must be ≥ 1");
        Check(t2.WarmupIters >= 0, "train.warmup_iters", "must be ≥ 0");
        Check(t2.RetrainIters >= 0, "train.retrain_iters", "must be ≥ 0");
        Check(t2.Alternations >= 0, "train.alternations", "must be ≥ 0");
        Check(t2.WeightItersPerAlternation >= 0, "train.weight_iters_per_alternation", "must be ≥ 0");
        Check(t2.PolicyItersPerAlternation >= 0, "train.policy_iters_per_alternation", "must be ≥ 0");
        foreach (var (key, rate) in new[] { ("train.lr_heads", t2.LrHeads), ("train.lr_backbone", t2.LrBackbone), ("train.lr_policy", t2.LrPolicy) })
            Check(rate > 0 && double.IsFinite(rate), key, $"a learning rate must be a finite number > 0, not {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        Check(t2.LrStep >= 1, "train.lr_step", "must be ≥ 1");
        Check(t2.LrGamma is > 0 and <= 1, "train.lr_gamma", "must be in (0, 1]");
        Choice<WeightOptimizer>("train.policy_phase_weight_optimizer", t2.PolicyPhaseWeightOptimizer);
        Check(t2.CheckpointEvery >= 1, "train.checkpoint_every", "must be ≥ 1");
        Check(t2.LogEvery >= 1, "train.log_every", "must be ≥ 1");
        Check(t2.DivergenceFactor == 0 || t2.DivergenceFactor >= 1 && double.IsFinite(t2.DivergenceFactor), "train.divergence_factor", "must be a finite number ≥ 1 (or 0 = off)");

        Weighting.WeightingOptions.Validate(c.Weighting, errors);

        Choice<MetricMode>("eval.metrics", c.Eval.Metrics);
        Choice<Upsampling>("eval.upsample", c.Eval.Upsample);
        Check(c.Eval.BatchSize >= 1, "eval.batch_size", "must be ≥ 1");
        Check(Metrics.DeltaTMetricSet.Find(c.Eval.DeltaTMetrics) != null, "eval.delta_t_metrics", $"'{c.Eval.DeltaTMetrics}' is not one of {string.Join(", ", Metrics.DeltaTMetricSet.Names)}");

        if (errors.Count > 0)
            throw new ConfigException(errors.Count == 1 ? $"{source}: {errors[0]}" : $"{source}: invalid config: " + string.Join("; ", errors));
    }
}
