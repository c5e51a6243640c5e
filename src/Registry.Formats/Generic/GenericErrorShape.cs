using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

namespace Registry.Formats.Generic;

/// <summary>
/// GitLab's generic packages API answers GitLab's <c>{"message": "..."}</c>, except for bad parameters and bodies, which
/// its Grape validation answers as <c>{"error": "..."}</c> (https://docs.gitlab.com/ee/user/packages/generic_packages/).
/// </summary>
internal sealed class GenericErrorShape : ClientErrorShape
{
    public static GenericErrorShape Instance { get; } = new();

    public override IResult BadRequest(string detail) => GrapeError(StatusCodes.Status400BadRequest, detail);

    public override IResult UnreadableBody(BadHttpRequestException exception) => GrapeError(exception.StatusCode, exception.Message);
}
