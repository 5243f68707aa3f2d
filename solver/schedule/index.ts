export { scheduleSteps, type ScheduleStepsParameters } from './scheduleSteps.ts'
export { stepMinAmountsOut, type StepMinAmountsOutParameters } from './stepMinAmountsOut.ts'
