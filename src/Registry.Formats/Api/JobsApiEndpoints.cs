using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Formats.Api;

/// <summary>
/// CI jobs, ours: a CI system (or an administrator) starts a job in a project on behalf of a user and gets the job's
/// token (<c>CI_JOB_TOKEN</c>), valid until the job is finished; what the job publishes is recorded as its build info.
/// And GitLab's job token inbound allowlist (https://docs.gitlab.com/ee/api/project_job_token_scopes.html).
/// </summary>
internal static class JobsApiEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapPost("/api/v4/projects/{id}/jobs", StartAsync);
        root.MapPost("/api/v4/projects/{id}/jobs/{jobId:long}/finish", FinishAsync);
        root.MapPost("/api/v4/projects/{id}/job_token_scope/allowlist", AllowAsync);
    }

    private static async Task<IResult> StartAsync(HttpContext context, string id)
    {
        if (!(await DirectoryWrite.ReadAsync(context).ConfigureAwait(false)).Succeeded(out var write, out var failure))
        {
            return failure;
        }

        var (caller, parameters) = write;

        if (!(await caller.FindVisibleProjectAsync(id).ConfigureAwait(false)).Succeeded(out var project, out failure))
        {
            return failure;
        }

        if (!parameters.TryGet<long>("pipeline_id", ApiParameters.TryParseId, out var pipelineId, out var problem))
        {
            return problem;
        }

        // A user runs jobs as themselves where they are a developer; only an administrator starts one for someone else.
        var user = parameters.Value("user_id") is { } userRef
            ? await caller.Directory.FindUserOrNullAsync(userRef, context.RequestAborted).ConfigureAwait(false)
            : await caller.Directory.FindUserOrNullAsync(ApiParameters.Text(caller.UserId), context.RequestAborted).ConfigureAwait(false);
        if (user is null)
        {
            return ApiProblems.NotFound("User");
        }

        if (!caller.IsAdmin && (user.Id != caller.UserId || !await caller.CanManageProjectAsync(project, AccessLevel.Developer).ConfigureAwait(false)))
        {
            return ApiProblems.Forbidden();
        }

        var gitRef = parameters.Value("ref");
        var sha = parameters.Value("sha");
        var pipeline = parameters.Value("pipeline_id") is null ? (long?)null : pipelineId;
        var token = await caller.Directory.StartJobAsync(project.Id, user.Id, pipeline, gitRef, sha, context.RequestAborted).ConfigureAwait(false);
        return DirectoryApiDocuments.Ok(
            new DirectoryApiDocuments.JobDocument(
                token.Id,
                "running",
                gitRef,
                sha,
                pipeline is { } p ? new DirectoryApiDocuments.PipelineRef(p) : null,
                DirectoryApiDocuments.User(user),
                project.Id,
                token.Token),
            StatusCodes.Status201Created);
    }

    private static async Task<IResult> FinishAsync(HttpContext context, string id, long jobId)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: true).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        if (!(await caller.FindVisibleProjectAsync(id).ConfigureAwait(false)).Succeeded(out var project, out failure))
        {
            return failure;
        }

        var owner = await caller.Directory.FindTokenOwnerAsync(jobId, context.RequestAborted).ConfigureAwait(false);
        if (owner is not { Kind: PrincipalKind.JobToken } || owner.ProjectId != project.Id)
        {
            return ApiProblems.NotFound("Job");
        }

        if (!caller.IsAdmin && owner.UserId != caller.UserId)
        {
            return ApiProblems.Forbidden();
        }

        return await caller.Directory.FinishJobAsync(jobId, context.RequestAborted).ConfigureAwait(false)
            ? DirectoryApiDocuments.Ok(new { id = jobId, status = "success" })
            : ApiProblems.Conflict("The job is not running");
    }

    private static async Task<IResult> AllowAsync(HttpContext context, string id)
    {
        if (!(await DirectoryWrite.ReadAsync(context).ConfigureAwait(false)).Succeeded(out var write, out var failure))
        {
            return failure;
        }

        var (caller, parameters) = write;

        if (!(await caller.FindVisibleProjectAsync(id).ConfigureAwait(false)).Succeeded(out var project, out failure))
        {
            return failure;
        }

        if (!await caller.CanManageProjectAsync(project, AccessLevel.Maintainer).ConfigureAwait(false))
        {
            return ApiProblems.Forbidden();
        }

        // GitLab's names: the project in the route is the "source" whose allowlist this is, and "target_project_id"
        // is the project whose job tokens may now reach it.
        if (parameters.Value("target_project_id") is not { } allowedRef)
        {
            return ApiProblems.Missing("target_project_id");
        }

        if (!(await caller.FindVisibleProjectAsync(allowedRef).ConfigureAwait(false)).Succeeded(out var allowed, out failure))
        {
            return failure;
        }

        await caller.Directory.AllowJobTokenAsync(project.Id, allowed.Id, context.RequestAborted).ConfigureAwait(false);
        return DirectoryApiDocuments.Ok(new { source_project_id = project.Id, target_project_id = allowed.Id }, StatusCodes.Status201Created);
    }
}
