using FluentValidation;
using Support.Modules.Intake.Contracts;

namespace Support.Modules.Intake.Tickets.SubmitTicket;

internal sealed class SubmitTicketValidator : AbstractValidator<SubmitTicket>
{
    public SubmitTicketValidator()
    {
        RuleFor(x => x.OrganizationId).NotEmpty();
        RuleFor(x => x.Requester).NotNull();
        When(x => x.Requester is not null, () =>
        {
            RuleFor(x => x.Requester!.Email).NotEmpty().EmailAddress().MaximumLength(320);
            RuleFor(x => x.Requester!.Name).NotEmpty().MaximumLength(200);
        });
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(250);
        RuleFor(x => x.Description).NotEmpty().MaximumLength(100_000);
        RuleFor(x => x.Category).NotNull().WithMessage("'category' is required: bug, usage, chat, other or feature.");
        RuleFor(x => x.Priority).NotNull().WithMessage("'priority' is required: low, normal, high or critical.");
        RuleFor(x => x.Channel).NotNull().WithMessage("'channel' is required: api, email, chat or phone.");
        RuleFor(x => x.Queue).MaximumLength(100);

        // IN-3: a bug nobody can reproduce cannot be fixed, only worked around.
        RuleFor(x => x.ReproductionScenario)
            .NotEmpty()
            .When(x => x.Category == TicketCategory.Bug)
            .WithMessage("A bug report needs a reproduction scenario: the steps to follow, what you expected and what happened instead. Without it the bug cannot be reproduced or fixed.");
        RuleFor(x => x.ReproductionScenario).MaximumLength(100_000);

        // IN-5: a phone call becomes a ticket through the agent who took it, with what was said.
        RuleFor(x => x.CallNotes).NotEmpty().When(x => x.Channel == TicketChannel.Phone)
            .WithMessage("A phone ticket needs 'callNotes': what the caller said and what was done during the call.");
        RuleFor(x => x.CallNotes).Empty().When(x => x.Channel != TicketChannel.Phone)
            .WithMessage("'callNotes' are for tickets recorded from a phone call (channel 'phone').");
        RuleFor(x => x.CallNotes).MaximumLength(100_000);
    }
}
